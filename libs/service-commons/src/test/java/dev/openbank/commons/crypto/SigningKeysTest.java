package dev.openbank.commons.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeysTest {

  private final KeyEncryption master = new KeyEncryption(new byte[32]);

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256"})
  void aSealedKeyOpensAndSignsWhatItsPublicJwkVerifies(String alg) throws Exception {
    SigningKeys.SealedKey sealed = SigningKeys.generate(alg, master);
    assertFalse(sealed.publicJwk().contains("\"d\""), "no private part in the public JWK");
    SigningKeys.OpenedKey key = SigningKeys.open(sealed, master);
    assertEquals(sealed.kid(), key.publicJwk().getKeyId());

    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayloadBytes("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    jws.setAlgorithmHeaderValue(alg);
    jws.setKey(key.privateKey());
    String compact = jws.getCompactSerialization();

    JsonWebSignature check = new JsonWebSignature();
    check.setCompactSerialization(compact);
    check.setKey(key.publicJwk().getPublicKey());
    assertEquals(true, check.verifySignature());
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256"})
  void anotherMasterKeyCannotOpenIt(String alg) {
    SigningKeys.SealedKey sealed = SigningKeys.generate(alg, master);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThrows(
        IllegalStateException.class, () -> SigningKeys.open(sealed, new KeyEncryption(other)));
  }
}
