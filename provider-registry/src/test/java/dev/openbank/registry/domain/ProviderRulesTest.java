package dev.openbank.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.commons.problem.Problem.FieldError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRulesTest {

  static PaymentMethod payment(String id, List<String> currencies, Limits limits, String baseUrl) {
    return new PaymentMethod(
        id,
        "Transfer",
        List.of("retail"),
        "berlin_group",
        "sandbox",
        List.of("link"),
        currencies,
        true,
        limits,
        false,
        new Connector(baseUrl, Map.of()));
  }

  static AisMethod ais(String id, String baseUrl) {
    return new AisMethod(
        id,
        "Accounts",
        "retail",
        "berlin_group",
        "sandbox",
        List.of("accounts"),
        90,
        List.of("redirect"),
        new Connector(baseUrl, Map.of()));
  }

  static Provider provider(
      String code, String country, List<PaymentMethod> pm, List<AisMethod> ais) {
    return new Provider(
        code, "Bank", country, null, null, "enabled", List.of("sandbox"), pm, ais, null);
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void aValidFileHasNoErrors() {
    ProviderFile file =
        new ProviderFile(
            List.of(
                provider(
                    "aa_ro",
                    "RO",
                    List.of(payment("p1", List.of("RON", "EUR"), null, "{sandbox_bank_url}/aa")),
                    List.of(ais("a1", "https://bank.example/xs2a")))));
    assertEquals(List.of(), ProviderRules.check(file, "http://localhost:8087"));
  }

  @Test
  void duplicateCodesAndMethodIdsAcrossKindsAreNamed() {
    ProviderFile file =
        new ProviderFile(
            List.of(
                provider("aa_ro", "RO", List.of(), List.of()),
                provider(
                    "aa_ro",
                    "RO",
                    List.of(payment("m1", List.of("RON"), null, "https://b.example")),
                    List.of(ais("m1", "https://b.example")))));
    assertEquals(
        List.of("providers[1].code", "providers[1].ais_methods[0].id"),
        fields(ProviderRules.check(file, "http://x")));
  }

  @Test
  void unknownCountryCurrencyAndReversedLimitsAreNamed() {
    ProviderFile file =
        new ProviderFile(
            List.of(
                provider(
                    "aa_xx",
                    "XX",
                    List.of(
                        payment(
                            "m1",
                            List.of("RON", "ZZZ"),
                            new Limits(new BigDecimal("10"), new BigDecimal("5")),
                            "https://b.example")),
                    null)));
    assertEquals(
        List.of(
            "providers[0].country",
            "providers[0].payment_methods[0].currencies[1]",
            "providers[0].payment_methods[0].limits.min_amount"),
        fields(ProviderRules.check(file, "http://x")));
  }

  @Test
  void connectorUrlsMustBeAbsoluteHttpAfterThePlaceholderIsResolved() {
    ProviderFile file =
        new ProviderFile(
            List.of(
                provider(
                    "aa_ro",
                    "RO",
                    List.of(payment("m1", List.of("RON"), null, "ftp://bank.example")),
                    List.of(ais("m2", "relative/path"), ais("m3", "{sandbox_bank_url}/aa")))));
    List<FieldError> errors = ProviderRules.check(file, "http://localhost:8087");
    assertEquals(
        List.of(
            "providers[0].payment_methods[0].connector.base_url",
            "providers[0].ais_methods[0].connector.base_url"),
        fields(errors));
    assertTrue(errors.get(0).detail().contains("absolute"));
  }

  @Test
  void theSandboxPlaceholderIsReplaced() {
    assertEquals(
        "http://sandbox:8087/rzb_ro",
        new Connector("{sandbox_bank_url}/rzb_ro", null).resolve("http://sandbox:8087/").baseUrl());
  }

  @Test
  void aisMethodsMatchEveryGivenCriterion() {
    AisMethod m = ais("a1", "https://b.example");
    assertTrue(m.matches(null));
    assertTrue(m.matches(new AisMethodsFilter(List.of("retail", "corporate"), null, "sandbox")));
    assertEquals(false, m.matches(new AisMethodsFilter(List.of("corporate"), null, null)));
    assertEquals(false, m.matches(new AisMethodsFilter(null, "berlin_group", "prod")));
    assertEquals(false, m.matches(new AisMethodsFilter(null, "ropay", null)));
  }
}
