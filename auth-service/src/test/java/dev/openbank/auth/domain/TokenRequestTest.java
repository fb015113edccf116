package dev.openbank.auth.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRequestTest {

  private static final java.util.function.Function<String, String> SUB = a -> "cl_a";

  private static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void basicCredentialsAreFormDecoded() {
    var p =
        TokenRequest.parse(
            Map.of("grant_type", List.of("client_credentials")), basic("cl%3Aa", "s%2Bx"), SUB);
    assertNull(p.error());
    assertEquals(TokenRequest.Method.CLIENT_SECRET_BASIC, p.request().method());
    assertEquals("cl:a", p.request().clientId());
    assertEquals("s+x", p.request().clientSecret());
  }

  @Test
  void eachMethodIsRecognised() {
    var post =
        TokenRequest.parse(
            Map.of(
                "grant_type",
                List.of("client_credentials"),
                "client_id",
                List.of("cl_a"),
                "client_secret",
                List.of("s")),
            null,
            SUB);
    assertEquals(TokenRequest.Method.CLIENT_SECRET_POST, post.request().method());
    var jwt =
        TokenRequest.parse(
            Map.of(
                "grant_type", List.of("client_credentials"),
                "client_assertion_type", List.of(TokenRequest.ASSERTION_TYPE),
                "client_assertion", List.of("x.y.z")),
            null,
            SUB);
    assertEquals(TokenRequest.Method.PRIVATE_KEY_JWT, jwt.request().method());
    assertEquals("cl_a", jwt.request().clientId());
  }

  @Test
  void errorsFollowRfc6749() {
    assertEquals(
        "invalid_request", TokenRequest.parse(Map.of(), basic("a", "b"), SUB).error().error());
    assertEquals(
        "unsupported_grant_type",
        TokenRequest.parse(
                Map.of("grant_type", List.of("authorization_code")), basic("a", "b"), SUB)
            .error()
            .error());
    OAuthError none =
        TokenRequest.parse(Map.of("grant_type", List.of("client_credentials")), null, SUB).error();
    assertEquals("invalid_client", none.error());
    assertEquals(401, none.status());
    OAuthError badBasic =
        TokenRequest.parse(Map.of("grant_type", List.of("client_credentials")), "Basic !!!", SUB)
            .error();
    assertEquals("invalid_client", badBasic.error());
    assertEquals(true, badBasic.basicChallenge());
    assertEquals(
        "invalid_request",
        TokenRequest.parse(
                Map.of("grant_type", List.of("client_credentials", "client_credentials")),
                basic("a", "b"),
                SUB)
            .error()
            .error());
    assertEquals(
        "invalid_client",
        TokenRequest.parse(
                Map.of(
                    "grant_type", List.of("client_credentials"),
                    "client_id", List.of("cl_other"),
                    "client_assertion_type", List.of(TokenRequest.ASSERTION_TYPE),
                    "client_assertion", List.of("x.y.z")),
                null,
                SUB)
            .error()
            .error());
  }
}
