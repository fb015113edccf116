package dev.openbank.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.openbank.local.Platform;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** An API client of the platform under test, registered through auth-service's admin API. */
record ApiClient(Platform platform, String clientId, String clientSecret) {

  static ApiClient register(Platform platform, String name) {
    ExtractableResponse<Response> created =
        given()
            .header("X-Admin-Key", platform.adminKey())
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    name,
                    "environment",
                    "sandbox",
                    "scopes",
                    List.of("providers", "ais", "pay_by_link", "webhooks")))
            .post(platform.url(platform.ports().auth()) + "/admin/clients/create")
            .then()
            .statusCode(201)
            .body("client_secret", notNullValue())
            .extract();
    return new ApiClient(platform, created.path("client_id"), created.path("client_secret"));
  }

  /** A token for one scope (client_credentials with client_secret_basic). */
  String token(String scope) {
    return given()
        .auth()
        .preemptive()
        .basic(clientId, clientSecret)
        .formParam("grant_type", "client_credentials")
        .formParam("scope", scope)
        .post(platform.url(platform.ports().auth()) + "/oauth2/token")
        .then()
        .statusCode(200)
        .body("token_type", equalTo("Bearer"))
        .extract()
        .path("access_token");
  }

  /** A JSON request with a token for {@code scope}. */
  RequestSpecification api(String scope) {
    return given().auth().oauth2(token(scope)).contentType(ContentType.JSON);
  }
}
