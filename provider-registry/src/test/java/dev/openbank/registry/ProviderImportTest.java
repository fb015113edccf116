package dev.openbank.registry;

import static dev.openbank.registry.RegistryFixtures.entry;
import static dev.openbank.registry.RegistryFixtures.importFile;
import static dev.openbank.registry.RegistryFixtures.post;
import static dev.openbank.registry.RegistryFixtures.token;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.KafkaEvents;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealAuthService.class)
class ProviderImportTest {

  /** The provider's events; asking for more than exist waits 4 s to show no more arrive. */
  private static List<ConsumerRecord<String, String>> events(String code, int expected) {
    return KafkaEvents.read(
        "provider-changes", r -> code.equals(r.key()), expected, Duration.ofSeconds(4));
  }

  @Test
  void importIsIdempotentAndEveryChangeIsPublished() {
    String admin = token("sandbox", "admin");
    String file = "providers:\n" + entry("imp_one", "AT", "sandbox", "retail");
    importFile(admin, file)
        .statusCode(200)
        .body("created", contains("imp_one"))
        .body("updated", equalTo(List.of()));
    importFile(admin, file)
        .statusCode(200)
        .body("created", equalTo(List.of()))
        .body("unchanged", contains("imp_one"));
    importFile(admin, file.replace("name: Bank imp_one", "name: Renamed Bank"))
        .statusCode(200)
        .body("updated", contains("imp_one"));

    List<ConsumerRecord<String, String>> events = events("imp_one", 3);
    assertEquals(2, events.size(), "one event per real change, none for the unchanged import");
    assertTrue(events.get(0).value().contains("\"change\":\"created\""), events.get(0).value());
    assertTrue(events.get(1).value().contains("\"name\":\"Renamed Bank\""), events.get(1).value());
    ConsumerRecord<String, String> e = events.get(1);
    assertEquals("provider_changed", header(e, "ce_type"));
    assertFalse(e.value().contains("base_url"), "connector settings never leave the registry");

    post(token("sandbox", "providers"), "/v2/providers/get", Map.of("code", "imp_one"))
        .statusCode(200)
        .body("name", equalTo("Renamed Bank"));
  }

  @Test
  void anInvalidFileIsRejectedWholeWithEveryErrorNamed() {
    String admin = token("sandbox", "admin");
    String file =
        "providers:\n"
            + entry("imp_valid", "AT", "sandbox", "retail")
            + entry("imp_bad", "AT", "sandbox", "retail")
                .replace("currencies: [EUR]", "currencies: [EURO]")
                .replace("max_consent_days: 90", "max_consent_days: 365");
    importFile(admin, file)
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "errors.field",
            contains(
                "providers[1].ais_methods[0].max_consent_days",
                "providers[1].payment_methods[0].currencies[0]"))
        .body("field", equalTo("providers[1].ais_methods[0].max_consent_days"));
    // nothing half-applied: the valid first entry was not imported either
    post(token("sandbox", "providers"), "/v2/providers/get", Map.of("code", "imp_valid"))
        .statusCode(404);
    assertEquals(0, events("imp_valid", 1).size());
  }

  @Test
  void crossFieldErrorsAndUnknownFieldsAreNamed() {
    String admin = token("sandbox", "admin");
    importFile(
            admin,
            "providers:\n"
                + entry("imp_dup", "AT", "sandbox", "retail")
                + entry("imp_dup", "ZZ", "sandbox", "retail"))
        .statusCode(400)
        .body("errors.field", contains("providers[1].code", "providers[1].country"));
    importFile(
            admin,
            "providers:\n"
                + entry("imp_x", "AT", "sandbox", "retail")
                    .replace("status:", "colour: red\n    status:"))
        .statusCode(400)
        .body("field", equalTo("providers[0].colour"));
    importFile(admin, "providers: [ {code: ").statusCode(400);
    importFile(admin, "providers: []").statusCode(400).body("field", equalTo("providers"));
  }

  @Test
  void onlyAdminsImport() {
    importFile(
            token("sandbox", "providers"),
            "providers:\n" + entry("imp_no", "AT", "sandbox", "retail"))
        .statusCode(403);
  }

  @Test
  void servicesListTheProvidersOfAnyEnvironmentWithTheInternalScope() {
    String internal = token("sandbox", "internal");
    post(internal, "/internal/providers/list", Map.of("environment", "sandbox"))
        .statusCode(200)
        .body("providers.code", hasItems("bt_ro", "cec_ro", "libra_ro", "rzb_ro"))
        .body(
            "providers.find { it.code == 'libra_ro' }.payment_methods[0].funds_status_updates",
            equalTo(true))
        .body("providers[0].payment_methods[0].connector", nullValue());
    // the built-in providers are sandbox-only: a production client's pages show none of them
    post(internal, "/internal/providers/list", Map.of("environment", "production"))
        .statusCode(200)
        .body("providers.code", not(hasItems("rzb_ro")));
    post(internal, "/internal/providers/list", Map.of("environment", "staging"))
        .statusCode(400)
        .body("field", equalTo("environment"));
    post(
            token("sandbox", "providers"),
            "/internal/providers/list",
            Map.of("environment", "sandbox"))
        .statusCode(403);
  }

  @Test
  void servicesReadConnectorSettingsWithTheInternalScope() {
    String internal = token("sandbox", "internal");
    post(
            internal,
            "/internal/connectors/get",
            Map.of("provider_code", "rzb_ro", "method_id", "rzb_ro_ais_retail"))
        .statusCode(200)
        .body("method_kind", equalTo("ais"))
        .body("connector.base_url", equalTo("http://localhost:8187/rzb_ro"));
    post(
            internal,
            "/internal/connectors/get",
            Map.of("provider_code", "rzb_ro", "method_id", "rzb_ro_sepa_retail"))
        .statusCode(200)
        .body("method_kind", equalTo("payment"))
        .body("connector.quirks.payment_product", equalTo("sepa-credit-transfers"));
    post(
            internal,
            "/internal/connectors/get",
            Map.of("provider_code", "rzb_ro", "method_id", "nope_nope"))
        .statusCode(404)
        .body("field", equalTo("method_id"));
    post(
            token("sandbox", "providers", "admin"),
            "/internal/connectors/get",
            Map.of("provider_code", "rzb_ro", "method_id", "rzb_ro_ais_retail"))
        .statusCode(403);
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
