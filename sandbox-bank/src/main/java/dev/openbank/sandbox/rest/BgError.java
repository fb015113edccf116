package dev.openbank.sandbox.rest;

/**
 * A NextGenPSD2 error answer: HTTP status plus one tppMessage (category ERROR, a spec message code
 * such as {@code CONSENT_UNKNOWN}, a text). Mapped by {@link BgHttp}.
 */
public class BgError extends RuntimeException {

  private final int status;
  private final String code;

  public BgError(int status, String code, String text) {
    super(text, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static BgError format(String text) {
    return new BgError(400, "FORMAT_ERROR", text);
  }

  /**
   * The headers every initiation with the redirect SCA approach needs (consents and payments
   * alike): the PSU's IP address and where to send the PSU back.
   */
  public static void requireRedirectHeaders(String psuIp, String redirectUri) {
    if (psuIp == null || psuIp.isBlank()) {
      throw format("PSU-IP-Address is required");
    }
    if (redirectUri == null || !redirectUri.matches("https?://\\S+")) {
      throw format("TPP-Redirect-URI is required (redirect SCA approach)");
    }
  }

  public static BgError consentUnknown() {
    return new BgError(400, "CONSENT_UNKNOWN", "The Consent-ID is not known for this bank");
  }

  public static BgError resourceUnknown(int status, String text) {
    return new BgError(status, "RESOURCE_UNKNOWN", text);
  }
}
