package dev.openbank.pis.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.commons.web.UrlRules;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of {@code /v2/links} (snake_case). */
public final class LinkDtos {

  private LinkDtos() {}

  static final String FLOW_TYPES = "link|wrapped_sca|direct_sca|redirect_sca";
  static final String UX_TEMPLATES = "default|classic|compact|cards|glass|sheet|contrast";
  static final String STATUSES =
      "created|started|sca_pending|pending|completed|failed|cancelled|expired|funds_received|funds_rejected";
  static final String URL = UrlRules.HTTP_URL;

  static final String IP_ADDRESS = UrlRules.IP_ADDRESS;

  @RegisterForReflection
  public record Creditor(
      @NotBlank @Size(max = 70) String name, @NotBlank @Size(max = 34) String iban) {}

  @RegisterForReflection
  public record Good(
      @NotBlank @Size(max = 140) String name,
      @NotNull @Min(1) @Max(100_000) Integer quantity,
      @NotBlank @Size(max = 20) String unitPrice) {}

  @RegisterForReflection
  public record Options(
      @Pattern(regexp = UX_TEMPLATES, message = "must be one of " + UX_TEMPLATES)
          String uxTemplate) {}

  /**
   * A link to create. {@code psu_ip_address} (direct_sca only) is the debtor's address, sent to the
   * bank as PSU-IP-Address; without it the caller's address is sent.
   */
  @RegisterForReflection
  public record CreateLink(
      @NotBlank @Size(max = 20) String amount,
      @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
      @NotNull @Valid Creditor creditor,
      @Size(max = 140) String description,
      @Size(max = 100) List<@NotNull @Valid Good> goods,
      @Pattern(regexp = FLOW_TYPES, message = "must be one of " + FLOW_TYPES) String flowType,
      @Pattern(regexp = "[a-z][a-z0-9_]{1,31}", message = "must be a provider code")
          String providerCode,
      @Pattern(regexp = "[a-z][a-z0-9_]{1,63}", message = "must be a payment method id")
          String paymentMethodId,
      @Pattern(regexp = UrlRules.REDIRECT_URL, message = UrlRules.REDIRECT_URL_MESSAGE)
          String redirectUrl,
      @Pattern(regexp = URL, message = "must be an http(s) URL") String webhookUrl,
      Instant expiresAt,
      @Valid Options options,
      @Pattern(regexp = IP_ADDRESS, message = "must be an IPv4 or IPv6 address")
          String psuIpAddress) {}

  @RegisterForReflection
  public record LinkRef(@NotNull UUID linkId) {}

  @RegisterForReflection
  public record Filter(
      @Pattern(regexp = STATUSES, message = "must be a link status") String status,
      Instant insertedAtFrom,
      Instant insertedAtTo) {}

  @RegisterForReflection
  public record ListLinks(@Valid Filter filter, @Valid PageRequest pagination) {}

  /** Where the link's QR code is served, as PNG and as SVG. */
  @RegisterForReflection
  public record QrCode(String png, String svg) {}

  /**
   * A link as the API shows it. {@code provider_code} and {@code payment_method_id} are the bank
   * the debtor pays through once chosen; {@code sca_url} is where the debtor authorises the payment
   * at that bank, while it waits for that (status {@code sca_pending}).
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Link(
      UUID linkId,
      String webId,
      String url,
      QrCode qrCode,
      String status,
      String amount,
      String currency,
      Creditor creditor,
      String description,
      JsonNode goods,
      String flowType,
      String providerCode,
      String paymentMethodId,
      String redirectUrl,
      String webhookUrl,
      String uxTemplate,
      Instant expiresAt,
      Instant insertedAt,
      Instant updatedAt,
      String scaUrl) {}

  @RegisterForReflection
  public record LinkPage(PageInfo pagination, List<Link> links) {}
}
