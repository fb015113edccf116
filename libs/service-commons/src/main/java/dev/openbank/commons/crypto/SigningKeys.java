package dev.openbank.commons.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Signing key pairs as services store them: the public JWK as JSON, the private key sealed with
 * {@link KeyEncryption}. The key id is the JWK's SHA-256 thumbprint (RFC 7638).
 */
public final class SigningKeys {

  private SigningKeys() {}

  /** A key pair ready to store: nothing in it is secret except under the master key. */
  public record SealedKey(String kid, String alg, String publicJwk, byte[] sealedPrivateKey) {}

  /** A key pair ready to sign with. */
  public record OpenedKey(
      String kid, String alg, PublicJsonWebKey publicJwk, PrivateKey privateKey) {}

  /** A new key pair for {@code alg} (RS256 and PS256: RSA 2048; ES256: P-256). */
  public static SealedKey generate(String alg, KeyEncryption encryption) {
    try {
      PublicJsonWebKey jwk =
          switch (alg) {
            case "RS256", "PS256" -> RsaJwkGenerator.generateJwk(2048);
            case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
            default -> throw new IllegalArgumentException("unsupported signing algorithm " + alg);
          };
      String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
      jwk.setKeyId(kid);
      jwk.setAlgorithm(alg);
      jwk.setUse("sig");
      return new SealedKey(
          kid,
          alg,
          jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
          encryption.encrypt(kid, jwk.getPrivateKey().getEncoded()));
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unseals a stored key pair; fails if the master key is not the one it was sealed with. */
  public static OpenedKey open(SealedKey key, KeyEncryption encryption) {
    try {
      PublicJsonWebKey publicJwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk());
      String family = key.alg().startsWith("ES") ? "EC" : "RSA";
      PrivateKey privateKey =
          KeyFactory.getInstance(family)
              .generatePrivate(
                  new PKCS8EncodedKeySpec(encryption.decrypt(key.kid(), key.sealedPrivateKey())));
      return new OpenedKey(key.kid(), key.alg(), publicJwk, privateKey);
    } catch (JoseException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load signing key " + key.kid(), e);
    }
  }
}
