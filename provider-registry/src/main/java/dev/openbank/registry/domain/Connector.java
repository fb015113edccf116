package dev.openbank.registry.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the platform reaches a method's bank: the XS2A base URL (the part before {@code /v1/...}) and
 * bank-specific quirks. Internal: API clients never see it.
 *
 * @param baseUrl may start with {@code {sandbox_bank_url}}, replaced by the configured sandbox URL
 */
@RegisterForReflection
public record Connector(
    @NotBlank @Size(max = 2000) String baseUrl, Map<@Size(max = 100) String, String> quirks) {

  /** The placeholder for the sandbox bank's URL in provider files. */
  public static final String SANDBOX_PLACEHOLDER = "{sandbox_bank_url}";

  public Connector {
    // sorted, so the content hash of an unchanged entry is the same on every JVM
    quirks = quirks == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(quirks));
  }

  /** This connector with the sandbox placeholder resolved. */
  public Connector resolve(String sandboxBankUrl) {
    String base =
        sandboxBankUrl.endsWith("/")
            ? sandboxBankUrl.substring(0, sandboxBankUrl.length() - 1)
            : sandboxBankUrl;
    return new Connector(baseUrl.replace(SANDBOX_PLACEHOLDER, base), quirks);
  }
}
