package dev.openbank.commons.problem;

/**
 * The stable problem types shared by every service. A type never changes its meaning; services add
 * their own with {@link #custom}.
 */
public enum ProblemType {
  INVALID_REQUEST(400, "invalid_request", "The request is invalid"),
  MALFORMED_JSON(400, "malformed_json", "The request body is not valid JSON"),
  INVALID_CURSOR(400, "invalid_cursor", "The pagination cursor is invalid"),
  UNAUTHORIZED(401, "unauthorized", "Authentication is required"),
  FORBIDDEN(403, "forbidden", "The token does not allow this operation"),
  NOT_FOUND(404, "not_found", "The resource does not exist"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed", "The method is not allowed on this resource"),
  NOT_ACCEPTABLE(406, "not_acceptable", "No acceptable representation"),
  CONFLICT(409, "conflict", "The request conflicts with the current state"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "The content type is not supported"),
  UNPROCESSABLE(422, "unprocessable", "The request cannot be processed"),
  TOO_MANY_REQUESTS(429, "too_many_requests", "Too many requests"),
  INTERNAL(500, "internal_error", "Internal error"),
  UNAVAILABLE(503, "unavailable", "The service is temporarily unavailable");

  /** Prefix of every problem type URI. */
  public static final String BASE = "urn:openbank:problem:";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String uri() {
    return BASE + slug;
  }

  public String title() {
    return title;
  }

  /** A problem of this type with a detail and, optionally, the offending field. */
  public ProblemException exception(String detail, String field) {
    return new ProblemException(new Problem(uri(), title, status, detail, field, null));
  }

  public ProblemException exception(String detail) {
    return exception(detail, null);
  }

  /** A problem type specific to one service, e.g. {@code custom(409, "client_disabled", ...)}. */
  public static ProblemException custom(
      int status, String slug, String title, String detail, String field) {
    return new ProblemException(new Problem(BASE + slug, title, status, detail, field, null));
  }

  /**
   * Looks up the shared type for an HTTP status, falling back to a generic client or server error.
   */
  public static ProblemType forStatus(int status) {
    for (ProblemType t : values()) {
      if (t.status == status && t != MALFORMED_JSON && t != INVALID_CURSOR) {
        return t;
      }
    }
    return status >= 500 ? INTERNAL : INVALID_REQUEST;
  }
}
