package dev.openbank.local;

/** The copy-paste walk-through printed once the platform is up. */
final class Walkthrough {

  private Walkthrough() {}

  static String text(int authPort, DemoClient demo, String adminKey) {
    String base = "http://localhost:" + authPort;
    return """

        ============================================================
         Open banking platform: running locally
        ============================================================
         auth-service   %1$s   (OpenAPI: %1$s/q/openapi)
         demo client    client_id     = %2$s
                        client_secret = %3$s
         admin key      %4$s   (header X-Admin-Key)

         Get a token (client_secret_basic):

           curl -s -u '%2$s:%3$s' \\
             -d grant_type=client_credentials -d scope=providers \\
             %1$s/oauth2/token

         Discovery and signing keys:

           curl -s %1$s/.well-known/openid-configuration
           curl -s %1$s/oauth2/jwks

         More: docs/auth-guide.md (private_key_jwt, DPoP, admin API).
         The other services join this launcher as they are built.
        ============================================================
        """
        .formatted(base, demo.clientId(), demo.clientSecret(), adminKey);
  }
}
