package dev.openbank.registry.rest;

import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.registry.domain.AisMethodsFilter;
import dev.openbank.registry.domain.Patterns;
import dev.openbank.registry.domain.Provider;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request and response bodies of {@code /v2/providers} (seed 004 v2 shapes, snake_case). */
public final class ProviderDtos {

  private ProviderDtos() {}

  /** {@code options} of list and get. */
  @RegisterForReflection
  public record Options(Boolean showAisMethods, @Valid AisMethodsFilter aisMethodsFilter) {

    boolean showAis() {
      return Boolean.TRUE.equals(showAisMethods);
    }
  }

  /** {@code filter} of list. */
  @RegisterForReflection
  public record Filter(
      @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
      @Size(max = 100)
          List<@NotNull @Pattern(regexp = Patterns.CODE, message = Patterns.CODE_MESSAGE) String>
              codes,
      @Pattern(regexp = Patterns.STATUS, message = Patterns.STATUS_MESSAGE) String status) {}

  @RegisterForReflection
  public record ListProviders(
      @Valid Filter filter, @Valid Options options, @Valid PageRequest pagination) {}

  @RegisterForReflection
  public record GetProvider(
      @NotBlank @Pattern(regexp = Patterns.CODE, message = Patterns.CODE_MESSAGE) String code,
      @Valid Options options) {}

  @RegisterForReflection
  public record ProviderPage(PageInfo pagination, List<Provider> providers) {}
}
