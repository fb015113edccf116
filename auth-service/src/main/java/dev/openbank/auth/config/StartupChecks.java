package dev.openbank.auth.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Refuses to start with a malformed issuer or secret rather than failing on first use. */
@ApplicationScoped
public class StartupChecks {

  void check(
      @Observes StartupEvent event,
      AuthConfig config,
      @ConfigProperty(name = "openbank.cursor.secret") String cursorSecret) {
    URI issuer = URI.create(config.issuer());
    if (!issuer.isAbsolute()
        || issuer.getHost() == null
        || config.issuer().endsWith("/")
        || issuer.getQuery() != null
        || issuer.getFragment() != null) {
      throw new IllegalStateException(
          "openbank.auth.issuer must be an absolute http(s) URL without a trailing slash");
    }
    requireBytes("openbank.auth.master-key", config.masterKey(), 32, true);
    requireBytes("openbank.auth.secret-hash-key", config.secretHashKey(), 32, false);
    requireBytes("openbank.cursor.secret", cursorSecret, 32, false);
    if (!config.signingAlgorithm().matches("RS256|PS256|ES256")) {
      throw new IllegalStateException(
          "openbank.auth.signing-algorithm must be RS256, PS256 or ES256");
    }
  }

  private static void requireBytes(String key, String base64, int bytes, boolean exact) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(key + " must be base64");
    }
    if (exact ? decoded.length != bytes : decoded.length < bytes) {
      throw new IllegalStateException(
          key + " must decode to " + (exact ? "" : "at least ") + bytes + " bytes");
    }
  }
}
