package dev.openbank.registry;

import static dev.openbank.registry.RegistryFixtures.entry;
import static dev.openbank.registry.RegistryFixtures.importFile;
import static dev.openbank.registry.RegistryFixtures.post;
import static dev.openbank.registry.RegistryFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.openbank.testsupport.OpenApiContract;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealAuthService.class)
class ProviderApiTest {

  private static final List<String> DEFAULTS = List.of("bt_ro", "cec_ro", "libra_ro", "rzb_ro");
  // production-only providers of this test, in a country nothing else uses
  private static final List<String> PAGED =
      List.of("pg_a", "pg_b", "pg_c", "pg_d", "pg_e", "pg_f", "pg_g");

  private static boolean imported;

  @BeforeEach
  void importPagedProvidersOnce() {
    if (imported) {
      return;
    }
    imported = true;
    StringBuilder yaml = new StringBuilder("providers:\n");
    for (int i = 0; i < PAGED.size(); i++) {
      yaml.append(entry(PAGED.get(i), "HU", "production", i % 2 == 0 ? "retail" : "corporate"));
    }
    importFile(token("sandbox", "admin"), yaml.toString()).statusCode(200);
  }

  @Test
  void theDefaultProvidersAreLoadedWithoutConnectorSettings() {
    String body =
        post(
                token("sandbox", "providers"),
                "/v2/providers/list",
                Map.of("filter", Map.of("country", "RO")))
            .statusCode(200)
            .body("providers.code", hasItems(DEFAULTS.toArray()))
            .body("providers[0].payment_methods[0].remitter_type", notNullValue())
            .body("providers[0]", not(hasKey("ais_methods")))
            .extract()
            .asString();
    assertFalse(body.contains("connector"), body);
    assertFalse(body.contains("base_url"), body);
    assertFalse(body.contains("8087"), body);
  }

  @Test
  void libraReportsFundsStatusAndRemitterTypeIsAnArray() {
    post(token("sandbox", "providers"), "/v2/providers/get", Map.of("code", "libra_ro"))
        .statusCode(200)
        .body("code", equalTo("libra_ro"))
        .body("bic", equalTo("BRELROBU"))
        .body("payment_methods[0].funds_status_updates", equalTo(true))
        .body("payment_methods[0].remitter_type", contains("retail"))
        .body("payment_methods[0].limits.min_amount", equalTo("0.01"))
        .body("payment_methods[0].limits.max_amount", equalTo("50000"));
  }

  @Test
  void aClientSeesOnlyTheProvidersOfItsEnvironment() {
    String production = token("production", "providers");
    post(production, "/v2/providers/list", Map.of())
        .statusCode(200)
        .body("providers.code", not(hasItems("rzb_ro")))
        .body("providers.code", hasItems("pg_a"));
    post(production, "/v2/providers/get", Map.of("code", "rzb_ro"))
        .statusCode(404)
        .contentType("application/problem+json")
        .body("field", equalTo("code"));
    post(token("sandbox", "providers"), "/v2/providers/get", Map.of("code", "pg_a"))
        .statusCode(404);
  }

  @Test
  void filtersByCountryCodesAndStatus() {
    String t = token("sandbox", "providers");
    post(t, "/v2/providers/list", Map.of("filter", Map.of("codes", List.of("cec_ro", "bt_ro"))))
        .statusCode(200)
        .body("providers.code", contains("bt_ro", "cec_ro"))
        .body("pagination.count", equalTo(2))
        .body("pagination.'more?'", equalTo(false))
        .body("pagination.after", nullValue());
    post(t, "/v2/providers/list", Map.of("filter", Map.of("country", "DE")))
        .statusCode(200)
        .body("providers", equalTo(List.of()));
    post(
            t,
            "/v2/providers/list",
            Map.of("filter", Map.of("status", "maintenance", "codes", DEFAULTS)))
        .statusCode(200)
        .body("providers", equalTo(List.of()));
    post(t, "/v2/providers/list", Map.of("filter", Map.of("status", "enabled", "codes", DEFAULTS)))
        .statusCode(200)
        .body("providers.code", contains(DEFAULTS.toArray()));
  }

  @Test
  void aisMethodsAreShownAndFilteredOnRequest() {
    String t = token("sandbox", "providers");
    post(
            t,
            "/v2/providers/get",
            Map.of("code", "bt_ro", "options", Map.of("show_ais_methods", true)))
        .statusCode(200)
        .body("ais_methods.account_owner_type", containsInAnyOrder("retail", "corporate"))
        .body("ais_methods[0].max_consent_days", equalTo(180))
        .body("ais_methods[0].sca_approaches", contains("redirect"));
    post(
            t,
            "/v2/providers/list",
            Map.of(
                "filter", Map.of("codes", DEFAULTS),
                "options",
                    Map.of(
                        "show_ais_methods",
                        true,
                        "ais_methods_filter",
                        Map.of(
                            "account_owner_type",
                            List.of("corporate"),
                            "interface_env",
                            "sandbox"))))
        .statusCode(200)
        .body("providers.code", contains(DEFAULTS.toArray()))
        .body("providers.ais_methods.flatten().account_owner_type.unique()", contains("corporate"));
    // no default provider has a production AIS interface: the filter leaves none
    post(
            t,
            "/v2/providers/list",
            Map.of(
                "filter", Map.of("codes", DEFAULTS),
                "options", Map.of("ais_methods_filter", Map.of("interface_env", "prod"))))
        .statusCode(200)
        .body("providers", equalTo(List.of()));
  }

  @Test
  void paginatesWithAnOpaqueCursorBoundToTheFilter() {
    String t = token("production", "providers");
    Map<String, Object> filter = Map.of("country", "HU");
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      Map<String, Object> pagination = new java.util.HashMap<>(Map.of("limit", 3));
      if (after != null) {
        pagination.put("after", after);
      }
      var page =
          post(t, "/v2/providers/list", Map.of("filter", filter, "pagination", pagination))
              .statusCode(200)
              .extract();
      seen.addAll(page.path("providers.code"));
      after = page.path("pagination.after");
      assertEquals(after != null, (boolean) page.path("pagination.'more?'"));
      pages++;
    } while (after != null);
    assertEquals(PAGED, seen);
    assertEquals(3, pages);

    String cursor =
        post(t, "/v2/providers/list", Map.of("filter", filter, "pagination", Map.of("limit", 2)))
            .extract()
            .path("pagination.after");
    post(
            t,
            "/v2/providers/list",
            Map.of("filter", Map.of("country", "RO"), "pagination", Map.of("after", cursor)))
        .statusCode(400)
        .body("type", equalTo("urn:openbank:problem:invalid_cursor"))
        .body("field", equalTo("pagination.after"));
    post(
            token("production", "providers"),
            "/v2/providers/list",
            Map.of("filter", filter, "pagination", Map.of("after", cursor)))
        .statusCode(400)
        .body("type", equalTo("urn:openbank:problem:invalid_cursor"));
  }

  @Test
  void badRequestsNameTheField() {
    String t = token("sandbox", "providers");
    post(t, "/v2/providers/list", Map.of("pagination", Map.of("limit", 251)))
        .statusCode(400)
        .body("field", equalTo("pagination.limit"));
    post(t, "/v2/providers/list", Map.of("filter", Map.of("country", "romania")))
        .statusCode(400)
        .body("field", equalTo("filter.country"));
    post(
            t,
            "/v2/providers/list",
            Map.of("options", Map.of("ais_methods_filter", Map.of("interface_env", "live"))))
        .statusCode(400)
        .body("field", equalTo("options.ais_methods_filter.interface_env"));
    post(t, "/v2/providers/list", Map.of("filters", Map.of()))
        .statusCode(400)
        .body("field", equalTo("filters"));
    post(t, "/v2/providers/get", Map.of()).statusCode(400).body("field", equalTo("code"));
  }

  @Test
  void tokensAreRequiredAndScoped() {
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/v2/providers/list")
        .then()
        .statusCode(401);
    post(token("sandbox", "ais"), "/v2/providers/list", Map.of()).statusCode(403);
  }

  /** The document served at /q/openapi is the one the code generates (OpenApiContract). */
  @Test
  void servesTheOpenApiDocumentItsCodeGenerates() throws Exception {
    OpenApiContract.check();
  }
}
