package dev.openbank.registry;

import static io.restassured.RestAssured.given;

import dev.openbank.testsupport.AuthServiceClient;
import dev.openbank.testsupport.RealAuthService;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Tokens from the real auth-service and requests to the registry, shared by the tests. */
final class RegistryFixtures {

  private RegistryFixtures() {}

  static AuthServiceClient auth() {
    return RealAuthService.shared();
  }

  static String token(String environment, String... scopes) {
    return auth().tokenFor(environment, scopes);
  }

  static ValidatableResponse post(String token, String path, Object body) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
  }

  static ValidatableResponse importFile(String token, String yaml) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/yaml")
        .body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/admin/providers/import")
        .then();
  }

  /** A minimal provider entry in YAML, indented as an item of {@code providers:}. */
  static String entry(String code, String country, String environment, String aisOwner) {
    return """
          - code: %1$s
            name: Bank %1$s
            country: %2$s
            status: enabled
            environments: [%3$s]
            payment_methods:
              - id: %1$s_pay
                name: Transfer
                remitter_type: [retail, corporate]
                interface_type: berlin_group
                interface_env: sandbox
                flow_types: [link, redirect_sca]
                currencies: [EUR]
                domestic: false
                connector: {base_url: "{sandbox_bank_url}/%1$s", quirks: {x: "1"}}
            ais_methods:
              - id: %1$s_ais
                name: Accounts
                account_owner_type: %4$s
                interface_type: berlin_group
                interface_env: prod
                scopes: [accounts, balances]
                max_consent_days: 90
                sca_approaches: [redirect]
                connector: {base_url: "https://bank.example.test/%1$s/xs2a"}
        """
        .formatted(code, country, environment, aisOwner);
  }
}
