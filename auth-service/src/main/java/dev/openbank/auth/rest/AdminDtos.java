package dev.openbank.auth.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openbank.auth.domain.Client;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the admin API (snake_case on the wire). */
public final class AdminDtos {

  private AdminDtos() {}

  /** The themes of the consent and pay pages (FinqLink's six plus our high-contrast one). */
  public static final String UX_TEMPLATES = "default|classic|compact|cards|glass|sheet|contrast";

  @RegisterForReflection
  public record CreateClient(
      @NotBlank @Size(max = 200) String name,
      @NotNull @Pattern(regexp = "sandbox|production", message = "must be sandbox or production")
          String environment,
      @NotEmpty
          List<
                  @NotNull
                  @Pattern(
                      regexp = "providers|ais|pay_by_link|webhooks|admin|internal",
                      message =
                          "must be one of providers, ais, pay_by_link, webhooks, admin, internal")
                  String>
              scopes,
      @Pattern(regexp = UX_TEMPLATES, message = "must be one of " + UX_TEMPLATES) String uxTemplate,
      @Size(max = 2000) String webhookUrl,
      Boolean requireDpop,
      JsonNode jwks) {}

  @RegisterForReflection
  public record ClientRef(@NotBlank @Size(max = 64) String clientId) {}

  @RegisterForReflection
  public record RegisterKeys(@NotBlank @Size(max = 64) String clientId, @NotNull JsonNode jwks) {}

  @RegisterForReflection
  public record ListClients(@Valid PageRequest pagination) {}

  @RegisterForReflection
  public record RotateKeys(Boolean revokePrevious) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClientView(
      String clientId,
      String name,
      String environment,
      List<String> scopes,
      String uxTemplate,
      String webhookUrl,
      boolean requireDpop,
      String status,
      boolean hasSecret,
      List<String> keyIds,
      Instant createdAt,
      Instant updatedAt,
      String clientSecret) {

    static ClientView of(Client c, List<String> keyIds, String secret) {
      return new ClientView(
          c.clientId(),
          c.name(),
          c.environment(),
          c.scopes().stream().sorted().toList(),
          c.uxTemplate(),
          c.webhookUrl(),
          c.requireDpop(),
          c.status(),
          c.secretHash() != null,
          keyIds,
          c.createdAt(),
          c.updatedAt(),
          secret);
    }
  }

  @RegisterForReflection
  public record ClientPage(PageInfo pagination, List<ClientView> clients) {}
}
