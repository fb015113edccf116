package dev.openbank.auth.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.commons.crypto.KeyEncryption;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretsAndEncryptionTest {

  private final ClientSecrets secrets = new ClientSecrets(new byte[32]);

  @Test
  void secretsAreRandomAndVerifyOnlyAgainstTheirHash() {
    String a = ClientSecrets.newSecret();
    String b = ClientSecrets.newSecret();
    assertNotEquals(a, b);
    byte[] hash = secrets.hash(a);
    assertTrue(secrets.matches(a, hash));
    assertFalse(secrets.matches(b, hash));
    assertFalse(secrets.matches(a, null));
    assertFalse(
        new ClientSecrets(
                new byte[] {
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                  24, 25, 26, 27, 28, 29, 30, 31, 32
                })
            .matches(a, hash),
        "another hash key cannot verify");
  }

  @Test
  void theHashIsHmacSha256UnderTheServerKeyOnEveryThreadAndAfterEveryUse() throws Exception {
    byte[] key = new byte[32];
    key[0] = 7;
    ClientSecrets keyed = new ClientSecrets(key);
    Mac reference = Mac.getInstance("HmacSHA256");
    reference.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] expected = reference.doFinal("s3cret".getBytes(StandardCharsets.UTF_8));
    // each thread keeps its own Mac: the same input hashes the same on a new thread, and a hash
    // of another input in between leaves nothing behind
    assertArrayEquals(expected, keyed.hash("s3cret"));
    keyed.hash("something else");
    assertArrayEquals(expected, keyed.hash("s3cret"));
    AtomicReference<byte[]> other = new AtomicReference<>();
    Thread t = new Thread(() -> other.set(keyed.hash("s3cret")));
    t.start();
    t.join();
    assertArrayEquals(expected, other.get());
  }

  @Test
  void encryptedKeysDecryptOnlyWithTheSameKidAndMasterKey() {
    KeyEncryption enc = new KeyEncryption(new byte[32]);
    byte[] plain = "pkcs8-bytes".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = enc.encrypt("kid-1", plain);
    assertArrayEquals(plain, enc.decrypt("kid-1", sealed));
    assertThrows(IllegalStateException.class, () -> enc.decrypt("kid-2", sealed));
    byte[] other = new byte[32];
    other[0] = 1;
    assertThrows(
        IllegalStateException.class, () -> new KeyEncryption(other).decrypt("kid-1", sealed));
    assertThrows(IllegalArgumentException.class, () -> new KeyEncryption(new byte[16]));
  }
}
