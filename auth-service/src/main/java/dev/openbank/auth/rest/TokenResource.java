package dev.openbank.auth.rest;

import dev.openbank.auth.domain.OAuthError;
import dev.openbank.auth.service.TokenService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /oauth2/token}: the client_credentials grant (RFC 6749 section 4.4). */
@Path("/oauth2/token")
public class TokenResource {

  private final TokenService tokens;

  public TokenResource(TokenService tokens) {
    this.tokens = tokens;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Issue an access token",
      description =
          "client_credentials with client_secret_basic, client_secret_post or private_key_jwt;"
              + " a DPoP header binds the token to the proof's key.")
  public Uni<Response> token(
      MultivaluedMap<String, String> form,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("DPoP") String dpop) {
    return tokens
        .issue(form, authorization, dpop)
        .map(
            outcome ->
                outcome.token() != null
                    ? noStore(Response.ok(outcome.token())).build()
                    : error(outcome.error()));
  }

  static Response error(OAuthError e) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("error_description", e.description());
    Response.ResponseBuilder r = noStore(Response.status(e.status()).entity(body));
    if (e.basicChallenge()) {
      r.header("WWW-Authenticate", "Basic realm=\"openbank\", charset=\"UTF-8\"");
    }
    if (e.retryAfterSeconds() > 0) {
      r.header("Retry-After", e.retryAfterSeconds());
    }
    return r.type(MediaType.APPLICATION_JSON).build();
  }

  private static Response.ResponseBuilder noStore(Response.ResponseBuilder r) {
    return r.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  }
}
