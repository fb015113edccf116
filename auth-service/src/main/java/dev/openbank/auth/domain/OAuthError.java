package dev.openbank.auth.domain;

/**
 * A token endpoint error exactly as RFC 6749 section 5.2 (and RFC 9449 for DPoP) defines it.
 *
 * @param status HTTP status: 400, or 401 for {@code invalid_client}, 429 when throttled, 503 when
 *     overloaded
 * @param basicChallenge whether the client used HTTP Basic, so a 401 must carry {@code
 *     WWW-Authenticate: Basic}
 * @param retryAfterSeconds for 429 and 503, else 0
 */
public record OAuthError(
    int status, String error, String description, boolean basicChallenge, long retryAfterSeconds) {

  public static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description, false, 0);
  }

  /** Unknown client, wrong secret, bad assertion, disabled: one answer for all. */
  public static OAuthError invalidClient(boolean basic) {
    return new OAuthError(401, "invalid_client", "client authentication failed", basic, 0);
  }

  public static OAuthError unsupportedGrantType() {
    return new OAuthError(
        400, "unsupported_grant_type", "only client_credentials is supported", false, 0);
  }

  public static OAuthError invalidScope() {
    return new OAuthError(
        400, "invalid_scope", "the requested scope is invalid or exceeds the client's", false, 0);
  }

  public static OAuthError invalidDpopProof(String description) {
    return new OAuthError(400, "invalid_dpop_proof", description, false, 0);
  }

  /** Too many token requests waiting for a signer: retry shortly. */
  public static OAuthError overloaded() {
    return new OAuthError(
        503,
        "temporarily_unavailable",
        "the token endpoint is overloaded; retry shortly",
        false,
        1);
  }

  public static OAuthError throttled(long retryAfterSeconds) {
    return new OAuthError(
        429,
        "temporarily_unavailable",
        "too many failed attempts for this client; retry later",
        false,
        retryAfterSeconds);
  }
}
