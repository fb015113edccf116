package dev.openbank.auth.rest;

import dev.openbank.auth.config.AuthConfig;
import dev.openbank.auth.domain.Scopes;
import dev.openbank.auth.service.SigningKeyService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery (RFC 8414 and OpenID Connect Discovery) and the JWKS, so resource servers configure
 * themselves from the issuer URL alone.
 */
@Path("/")
public class DiscoveryResource {

  private final AuthConfig config;
  private final SigningKeyService keys;

  public DiscoveryResource(AuthConfig config, SigningKeyService keys) {
    this.config = config;
    this.keys = keys;
  }

  @GET
  @Path(".well-known/openid-configuration")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> openidConfiguration() {
    return metadata();
  }

  @GET
  @Path(".well-known/oauth-authorization-server")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> oauthAuthorizationServer() {
    return metadata();
  }

  @GET
  @Path("oauth2/jwks")
  @Produces(MediaType.APPLICATION_JSON)
  public Response jwks() {
    return Response.ok(keys.jwks())
        .header("Cache-Control", "public, max-age=" + config.jwksMaxAge().toSeconds())
        .build();
  }

  private Map<String, Object> metadata() {
    String issuer = config.issuer();
    List<String> algs = List.of("RS256", "PS256", "ES256");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", issuer);
    m.put("token_endpoint", issuer + "/oauth2/token");
    m.put("jwks_uri", issuer + "/oauth2/jwks");
    m.put("grant_types_supported", List.of("client_credentials"));
    m.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
    m.put("token_endpoint_auth_signing_alg_values_supported", algs);
    m.put("scopes_supported", Scopes.ALL.stream().sorted().toList());
    m.put("dpop_signing_alg_values_supported", algs);
    m.put("response_types_supported", List.of("token"));
    m.put("subject_types_supported", List.of("public"));
    m.put("id_token_signing_alg_values_supported", List.of(config.signingAlgorithm()));
    return m;
  }
}
