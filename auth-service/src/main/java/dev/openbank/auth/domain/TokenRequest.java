package dev.openbank.auth.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code POST /oauth2/token} request: which client authentication method it uses and with
 * what credentials. Parsing is pure; errors come back as {@link OAuthError}.
 */
public record TokenRequest(
    Method method,
    String clientId,
    String clientSecret,
    String clientAssertion,
    String grantType,
    String scope) {

  /** Client authentication methods (RFC 6749 2.3.1, RFC 7523). */
  public enum Method {
    CLIENT_SECRET_BASIC,
    CLIENT_SECRET_POST,
    PRIVATE_KEY_JWT
  }

  public static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private static final Set<String> SINGLE_VALUED =
      Set.of(
          "grant_type",
          "scope",
          "client_id",
          "client_secret",
          "client_assertion",
          "client_assertion_type");

  /** The outcome of parsing: exactly one of request or error is set. */
  public record Parsed(TokenRequest request, OAuthError error) {}

  /**
   * @param form the form parameters
   * @param authorization the Authorization header, or null
   * @param assertionSubject reads {@code sub} from an (unverified) assertion, null if unreadable
   */
  public static Parsed parse(
      Map<String, List<String>> form,
      String authorization,
      java.util.function.Function<String, String> assertionSubject) {
    for (String name : SINGLE_VALUED) {
      List<String> values = form.get(name);
      if (values != null && values.size() > 1) {
        return error(OAuthError.invalidRequest("parameter " + name + " is repeated"));
      }
    }
    String grantType = first(form, "grant_type");
    if (grantType == null || grantType.isEmpty()) {
      return error(OAuthError.invalidRequest("grant_type is required"));
    }
    if (!"client_credentials".equals(grantType)) {
      return error(OAuthError.unsupportedGrantType());
    }
    String scope = first(form, "scope");
    String formClientId = first(form, "client_id");
    String formSecret = first(form, "client_secret");
    String assertion = first(form, "client_assertion");
    String assertionType = first(form, "client_assertion_type");
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);

    int methods = (basic ? 1 : 0) + (formSecret != null ? 1 : 0) + (assertion != null ? 1 : 0);
    if (methods > 1) {
      return error(OAuthError.invalidRequest("use exactly one client authentication method"));
    }
    if (basic) {
      String[] pair = decodeBasic(authorization.substring(6).trim());
      if (pair == null) {
        return error(OAuthError.invalidClient(true));
      }
      if (formClientId != null && !formClientId.equals(pair[0])) {
        return error(
            OAuthError.invalidRequest("client_id does not match the Authorization header"));
      }
      return ok(
          new TokenRequest(Method.CLIENT_SECRET_BASIC, pair[0], pair[1], null, grantType, scope));
    }
    if (formSecret != null) {
      if (formClientId == null || formClientId.isEmpty()) {
        return error(OAuthError.invalidRequest("client_id is required with client_secret"));
      }
      return ok(
          new TokenRequest(
              Method.CLIENT_SECRET_POST, formClientId, formSecret, null, grantType, scope));
    }
    if (assertion != null) {
      if (!ASSERTION_TYPE.equals(assertionType)) {
        return error(OAuthError.invalidRequest("client_assertion_type must be " + ASSERTION_TYPE));
      }
      String subject = assertionSubject.apply(assertion);
      if (subject == null) {
        return error(OAuthError.invalidClient(false));
      }
      if (formClientId != null && !formClientId.equals(subject)) {
        return error(OAuthError.invalidClient(false));
      }
      return ok(
          new TokenRequest(Method.PRIVATE_KEY_JWT, subject, null, assertion, grantType, scope));
    }
    return error(OAuthError.invalidClient(false));
  }

  /** Longest client id looked up; longer ones cannot exist and are refused without a lookup. */
  public static final int MAX_CLIENT_ID = 64;

  public boolean basic() {
    return method == Method.CLIENT_SECRET_BASIC;
  }

  private static String[] decodeBasic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      // RFC 6749 2.3.1: both parts are form-urlencoded before Basic encoding
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Parsed ok(TokenRequest request) {
    if (request.clientId().isEmpty() || request.clientId().length() > MAX_CLIENT_ID) {
      return error(OAuthError.invalidClient(request.basic()));
    }
    return new Parsed(request, null);
  }

  private static Parsed error(OAuthError error) {
    return new Parsed(null, error);
  }
}
