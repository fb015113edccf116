package dev.openbank.registry.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A bank ("provider") with its payment and AIS methods: one entry of a provider file, and what API
 * clients see (without the methods' connectors, which are never written out).
 *
 * @param environments the API client environments ({@code sandbox}, {@code production}) that see
 *     this provider
 * @param aisMethods null in responses unless {@code options.show_ais_methods} was asked
 * @param updatedAt set by the registry; a provider file must not contain it
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provider(
    @NotBlank @Pattern(regexp = Patterns.CODE, message = Patterns.CODE_MESSAGE) String code,
    @NotBlank @Size(max = 200) String name,
    @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code")
        String country,
    @Pattern(regexp = "[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?", message = "must be a BIC") String bic,
    @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String logoUrl,
    @NotNull @Pattern(regexp = Patterns.STATUS, message = Patterns.STATUS_MESSAGE) String status,
    @NotEmpty
        List<
                @NotNull
                @Pattern(regexp = Patterns.ENVIRONMENT, message = Patterns.ENVIRONMENT_MESSAGE)
                String>
            environments,
    @NotNull @Size(max = 100) List<@NotNull @Valid PaymentMethod> paymentMethods,
    @Size(max = 100) List<@NotNull @Valid AisMethod> aisMethods,
    @JsonProperty(access = JsonProperty.Access.READ_ONLY) Instant updatedAt) {

  public Provider {
    aisMethods = aisMethods == null ? null : List.copyOf(aisMethods);
  }

  /** The view for one request: AIS methods only when asked for, and only those that match. */
  public Provider view(boolean showAisMethods, AisMethodsFilter filter) {
    List<AisMethod> shown =
        showAisMethods ? allAisMethods().stream().filter(m -> m.matches(filter)).toList() : null;
    return new Provider(
        code, name, country, bic, logoUrl, status, environments, paymentMethods, shown, updatedAt);
  }

  /** The AIS methods, empty rather than null. */
  public List<AisMethod> allAisMethods() {
    return aisMethods == null ? List.of() : aisMethods;
  }
}
