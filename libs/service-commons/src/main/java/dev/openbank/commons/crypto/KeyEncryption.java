package dev.openbank.commons.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys at rest: AES-256-GCM under a 32-byte master key, the key id as associated
 * data (a ciphertext moved to another row does not decrypt). Format: nonce || ct.
 */
public final class KeyEncryption {

  private static final int NONCE = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec masterKey;

  public KeyEncryption(byte[] masterKey) {
    if (masterKey.length != 32) {
      throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 bytes)");
    }
    this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
  }

  public byte[] encrypt(String kid, byte[] plaintext) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      byte[] ct = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] decrypt(String kid, byte[] sealed) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(128, sealed, 0, NONCE));
      cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "signing key " + kid + " does not decrypt with the master key", e);
    }
  }
}
