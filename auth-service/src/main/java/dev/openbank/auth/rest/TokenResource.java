package dev.openbank.auth.rest;

import dev.openbank.auth.domain.OAuthError;
import dev.openbank.auth.service.TokenService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
  private final MeterRegistry metrics;
  private final Counter issued;

  public TokenResource(TokenService tokens, MeterRegistry metrics) {
    this.tokens = tokens;
    this.metrics = metrics;
    this.issued = metrics.counter("openbank.tokens", "result", "issued");
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
            outcome -> {
              if (outcome.token() != null) {
                issued.increment();
                return noStore(Response.ok(outcome.token())).build();
              }
              metrics.counter("openbank.tokens", "result", outcome.error().error()).increment();
              return error(outcome.error());
            });
  }

  /** Any other body: RFC 6749 requires form encoding, and errors keep the RFC 6749 shape. */
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public Response notForm() {
    metrics.counter("openbank.tokens", "result", "invalid_request").increment();
    return error(OAuthError.invalidRequest("the body must be application/x-www-form-urlencoded"));
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
