package dev.openbank.registry.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A way to read account data through a provider, as API clients see it. The {@code connector} is
 * read from provider files only and never written out (seed 004 v2 AIS methods).
 *
 * @param maxConsentDays the longest consent validity the bank grants (PSD2 RTS: at most 180)
 */
@RegisterForReflection
public record AisMethod(
    @NotBlank @Pattern(regexp = Patterns.ID, message = Patterns.ID_MESSAGE) String id,
    @NotBlank @Size(max = 200) String name,
    @NotNull @Pattern(regexp = "retail|corporate", message = "must be retail or corporate")
        String accountOwnerType,
    @NotNull @Pattern(regexp = Patterns.INTERFACE_TYPE, message = Patterns.INTERFACE_TYPE_MESSAGE)
        String interfaceType,
    @NotNull @Pattern(regexp = Patterns.INTERFACE_ENV, message = Patterns.INTERFACE_ENV_MESSAGE)
        String interfaceEnv,
    @NotEmpty
        List<
                @NotNull
                @Pattern(
                    regexp = "accounts|balances|transactions",
                    message = "must be accounts, balances or transactions")
                String>
            scopes,
    @NotNull @Min(1) @Max(180) Integer maxConsentDays,
    @NotEmpty
        List<
                @NotNull
                @Pattern(
                    regexp = "redirect|decoupled|embedded|oauth",
                    message = "must be redirect, decoupled, embedded or oauth")
                String>
            scaApproaches,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) @NotNull @Valid Connector connector) {

  /** Whether this method passes the {@code options.ais_methods_filter} of a request. */
  public boolean matches(AisMethodsFilter filter) {
    return filter == null
        || ((filter.accountOwnerType() == null
                || filter.accountOwnerType().isEmpty()
                || filter.accountOwnerType().contains(accountOwnerType))
            && (filter.interfaceType() == null || filter.interfaceType().equals(interfaceType))
            && (filter.interfaceEnv() == null || filter.interfaceEnv().equals(interfaceEnv)));
  }
}
