package dev.openbank.auth.domain;

/**
 * A token endpoint error exactly as RFC 6749 section 5.2 (and RFC 9449 for DPoP) defines it.
 *
 * @param status HTTP status: 400, or 401 for {@code invalid_client}, 413 for an oversized body, 429
 *     when throttled, 500 on an unexpected failure, 503 when overloaded
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

  /** A body larger than any token request (413, RFC 9110 section 15.5.14). */
  public static OAuthError bodyTooLarge(int limit) {
    return new OAuthError(
        413, "invalid_request", "the body is larger than " + limit + " bytes", false, 0);
  }

  /** An unexpected failure, such as the database being unreachable; logged by the endpoint. */
  public static OAuthError serverError() {
    return new OAuthError(
        500, "server_error", "the token could not be issued; retry shortly", false, 0);
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
