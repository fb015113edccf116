package dev.openbank.registry.domain;

import dev.openbank.commons.problem.Problem.FieldError;
import java.net.URI;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of a provider file that span fields (bean validation checks each field on its own):
 * unique codes and method ids, real country and currency codes, limits in order, connector URLs
 * that resolve to absolute http(s) URLs.
 */
public final class ProviderRules {

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private ProviderRules() {}

  /** Every cross-field error of an otherwise valid file, each naming its JSON path. */
  public static List<FieldError> check(ProviderFile file, String sandboxBankUrl) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < file.providers().size(); i++) {
      Provider p = file.providers().get(i);
      String at = "providers[" + i + "]";
      if (!codes.add(p.code())) {
        errors.add(new FieldError(at + ".code", "duplicate provider code " + p.code()));
      }
      if (!COUNTRIES.contains(p.country())) {
        errors.add(new FieldError(at + ".country", "unknown country " + p.country()));
      }
      // method ids are unique within a provider across both kinds: connectors are looked up by id
      Set<String> ids = new HashSet<>();
      checkPaymentMethods(p, at, sandboxBankUrl, ids, errors);
      checkAisMethods(p, at, sandboxBankUrl, ids, errors);
    }
    return errors;
  }

  private static void checkPaymentMethods(
      Provider p, String at, String sandboxBankUrl, Set<String> ids, List<FieldError> errors) {
    for (int j = 0; j < p.paymentMethods().size(); j++) {
      PaymentMethod m = p.paymentMethods().get(j);
      String path = at + ".payment_methods[" + j + "]";
      if (!ids.add(m.id())) {
        errors.add(new FieldError(path + ".id", "duplicate method id " + m.id()));
      }
      for (int k = 0; k < m.currencies().size(); k++) {
        if (!isCurrency(m.currencies().get(k))) {
          errors.add(
              new FieldError(
                  path + ".currencies[" + k + "]", "unknown currency " + m.currencies().get(k)));
        }
      }
      Limits l = m.limits();
      if (l != null
          && l.minAmount() != null
          && l.maxAmount() != null
          && l.minAmount().compareTo(l.maxAmount()) > 0) {
        errors.add(new FieldError(path + ".limits.min_amount", "must not exceed max_amount"));
      }
      checkConnector(m.connector(), path + ".connector.base_url", sandboxBankUrl, errors);
    }
  }

  private static void checkAisMethods(
      Provider p, String at, String sandboxBankUrl, Set<String> ids, List<FieldError> errors) {
    for (int j = 0; j < p.allAisMethods().size(); j++) {
      AisMethod m = p.allAisMethods().get(j);
      String path = at + ".ais_methods[" + j + "]";
      if (!ids.add(m.id())) {
        errors.add(new FieldError(path + ".id", "duplicate method id " + m.id()));
      }
      checkConnector(m.connector(), path + ".connector.base_url", sandboxBankUrl, errors);
    }
  }

  private static void checkConnector(
      Connector c, String path, String sandboxBankUrl, List<FieldError> errors) {
    String url = c.resolve(sandboxBankUrl).baseUrl();
    try {
      URI uri = URI.create(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        errors.add(new FieldError(path, "must be an absolute http(s) URL"));
      }
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(path, "must be an absolute http(s) URL"));
    }
  }

  private static boolean isCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
