package dev.openbank.consent.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.openbank.commons.web.UrlRules;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of {@code /v2/ais/consents} (snake_case). */
public final class ConsentDtos {

  private ConsentDtos() {}

  static final String UX_TEMPLATES = "default|classic|compact|cards|glass|sheet|contrast";

  @RegisterForReflection
  public record Options(
      @Pattern(regexp = UX_TEMPLATES, message = "must be one of " + UX_TEMPLATES)
          String uxTemplate) {}

  /**
   * A consent to create. {@code scope} is {@code ["accounts","balances","transactions"]} or {@code
   * ["accounts","balances"]}; {@code frequency_per_day} is the unattended reads a day the bank
   * allows (PSD2: at most 4); {@code psu_ip_address} (direct_sca) is the end user's address the
   * bank receives, else the caller's.
   */
  @RegisterForReflection
  public record CreateConsent(
      @NotEmpty @Size(max = 3)
          List<
                  @NotNull
                  @Pattern(
                      regexp = "accounts|balances|transactions",
                      message = "must be accounts, balances or transactions")
                  String>
              scope,
      @Pattern(regexp = "[a-z][a-z0-9_]{1,31}", message = "must be a provider code")
          String providerCode,
      @Pattern(regexp = "[a-z][a-z0-9_]{1,63}", message = "must be an AIS method id")
          String aisMethodId,
      LocalDate validUntil,
      @Min(1) @Max(4) Integer frequencyPerDay,
      @Pattern(regexp = UrlRules.REDIRECT_URL, message = UrlRules.REDIRECT_URL_MESSAGE)
          String redirectUrl,
      @Pattern(regexp = UrlRules.HTTP_URL, message = "must be an http(s) URL") String webhookUrl,
      @Size(min = 1, max = 200)
          @Pattern(regexp = "[\\x21-\\x7e]+", message = "must be printable ASCII without spaces")
          String deviceId,
      @Pattern(regexp = "link|direct_sca", message = "must be link or direct_sca") String flowType,
      @Valid Options options,
      @Pattern(regexp = UrlRules.IP_ADDRESS, message = "must be an IPv4 or IPv6 address")
          String psuIpAddress) {}

  @RegisterForReflection
  public record ConsentRef(@NotNull UUID consentId) {}

  /**
   * A consent as the API shows it. {@code sca_url} is where the end user authorises at the bank,
   * while that is awaited; {@code reauthorize_by} is when the end user must authenticate at the
   * bank again (180 days after authorisation, or the end of validity if sooner).
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Consent(
      UUID consentId,
      String webId,
      String url,
      String status,
      List<String> scope,
      String providerCode,
      String aisMethodId,
      LocalDate validUntil,
      int frequencyPerDay,
      String redirectUrl,
      String webhookUrl,
      String deviceId,
      String flowType,
      String uxTemplate,
      String scaUrl,
      Instant authorizedAt,
      LocalDate reauthorizeBy,
      Instant insertedAt,
      Instant updatedAt) {}
}
