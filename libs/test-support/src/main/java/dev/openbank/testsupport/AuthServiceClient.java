package dev.openbank.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/**
 * Talks to a running auth-service for tests: registers API clients through its admin API and gets
 * access tokens from its token endpoint, exactly as an integrator would.
 */
public record AuthServiceClient(String issuer, String adminKey) {

  /** A registered API client and its one-time secret. */
  public record ApiClient(String clientId, String secret, String environment) {}

  /** Registers a client in {@code environment} (sandbox or production) with these scopes. */
  public ApiClient createClient(String environment, String... scopes) {
    return createClient(environment, Map.of(), scopes);
  }

  /**
   * Registers a client with further settings of the admin API, e.g. {@code ux_template} or {@code
   * webhook_url} (the client's defaults).
   */
  public ApiClient createClient(
      String environment, Map<String, String> settings, String... scopes) {
    Map<String, Object> body = new java.util.HashMap<>(settings);
    body.put("name", "test client");
    body.put("environment", environment);
    body.put("scopes", List.of(scopes));
    io.restassured.response.Response created =
        given()
            .baseUri(issuer)
            .header("X-Admin-Key", adminKey)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/admin/clients/create")
            .then()
            .statusCode(201)
            .extract()
            .response();
    String clientId = created.path("client_id");
    String secret = created.path("client_secret");
    return new ApiClient(clientId, secret, environment);
  }

  /** An access token for the client with all of its scopes (client_secret_basic). */
  public String token(ApiClient client) {
    return given()
        .baseUri(issuer)
        .auth()
        .preemptive()
        .basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  /** A fresh client with these scopes and a token for it, in one call. */
  public String tokenFor(String environment, String... scopes) {
    return token(createClient(environment, scopes));
  }
}
