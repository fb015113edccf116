package dev.openbank.webhooks;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;

/**
 * Verifies a webhook exactly as seed 004 tells merchants to: fetch the JWKS, pick the key by {@code
 * x-signature-kid}, verify the JWS in {@code x-signature}, and compare its payload to the raw body
 * byte for byte. Any failure is an exception.
 */
final class Verifier {

  private Verifier() {}

  static String jwks() {
    return given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
  }

  static void verify(Receiver.Hit hit, String jwks) throws Exception {
    String kid = hit.header("x-signature-kid");
    JsonWebKey key =
        new JsonWebKeySet(jwks)
            .getJsonWebKeys().stream()
                .filter(k -> k.getKeyId().equals(kid))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("kid " + kid + " is not in the JWKS"));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(hit.header("x-signature"));
    jws.setKey(key.getKey());
    if (!jws.verifySignature()) {
      throw new IllegalStateException("bad signature");
    }
    if (!kid.equals(jws.getKeyIdHeaderValue())) {
      throw new IllegalStateException("kid header and JWS kid differ");
    }
    if (!Arrays.equals(jws.getPayloadBytes(), hit.body())) {
      throw new IllegalStateException(
          "payload differs from the body: " + new String(hit.body(), StandardCharsets.UTF_8));
    }
  }
}
