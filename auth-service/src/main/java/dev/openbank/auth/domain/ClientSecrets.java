package dev.openbank.auth.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets: 256 random bits, shown once, stored only as HMAC-SHA256 under a server key.
 *
 * <p>A slow password hash buys nothing for secrets with 256 bits of entropy (no dictionary to
 * search) and would cap token throughput; the keyed hash means a stolen database alone cannot be
 * used to check guesses. See docs/decisions/0003-client-secret-hashing.md.
 */
public final class ClientSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final char[] ALPHANUM =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final SecretKeySpec key;
  // one initialised Mac per thread: looking the algorithm up and keying it for every token request
  // was a measurable part of the event loops' time
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
  private final byte[] decoy;

  public ClientSecrets(byte[] hashKey) {
    if (hashKey.length < 32) {
      throw new IllegalArgumentException("the secret hash key must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(hashKey.clone(), "HmacSHA256");
    this.decoy = hash("decoy-for-unknown-clients");
  }

  /** A new secret: 32 random bytes, base64url (43 characters). */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return B64.encodeToString(bytes);
  }

  /** A new public client id: {@code cl_} and 24 random alphanumerics (~143 bits). */
  public static String newClientId() {
    StringBuilder sb = new StringBuilder("cl_");
    for (int i = 0; i < 24; i++) {
      sb.append(ALPHANUM[RANDOM.nextInt(ALPHANUM.length)]);
    }
    return sb.toString();
  }

  public byte[] hash(String secret) {
    // doFinal leaves the Mac ready for the next input under the same key
    return macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Constant-time check. With no stored hash (unknown client, or one without a secret) the same
   * work is done against a decoy, so timing does not reveal which client ids exist.
   */
  public boolean matches(String presented, byte[] storedHash) {
    byte[] computed = hash(presented == null ? "" : presented);
    boolean equal = MessageDigest.isEqual(computed, storedHash == null ? decoy : storedHash);
    return equal && storedHash != null;
  }
}
