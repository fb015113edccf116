package dev.openbank.auth.domain;

import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Validates the public JWKs a client registers for private_key_jwt: public only, RSA of at least
 * 2048 bits or EC P-256, a unique {@code kid} each, for signing. Errors name the offending field.
 */
public final class PublicKeys {

  private static final Set<String> PRIVATE_PARAMS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  private static final Set<String> ALGS = Set.of("RS256", "PS256", "ES256");

  private PublicKeys() {}

  /**
   * @param jwksJson a JWKS document ({@code {"keys":[...]}})
   * @return the normalized JWKS (public parameters only) and its key ids
   */
  public static Validated validate(Map<String, Object> parsed) {
    Object keys = parsed.get("keys");
    if (!(keys instanceof List<?> list) || list.isEmpty() || list.size() > 10) {
      throw invalid("jwks.keys", "must be a list of 1 to 10 public keys");
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> m) {
        for (Object name : m.keySet()) {
          if (PRIVATE_PARAMS.contains(name)) {
            throw invalid(
                "jwks.keys[" + i + "]." + name, "private key material must never be sent");
          }
        }
      }
    }
    try {
      // parse key by key: a JWK set parser silently skips keys it cannot read
      List<JsonWebKey> jwks = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> m)) {
          throw invalid("jwks.keys[" + i + "]", "must be a JWK object");
        }
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> params = (Map<String, Object>) m;
          jwks.add(JsonWebKey.Factory.newJwk(params));
        } catch (JoseException | RuntimeException e) {
          throw invalid("jwks.keys[" + i + "]", "not a valid public JWK");
        }
      }
      Set<String> kids = new HashSet<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < jwks.size(); i++) {
        JsonWebKey k = jwks.get(i);
        String at = "jwks.keys[" + i + "]";
        if (k.getKeyId() == null || k.getKeyId().isBlank() || !kids.add(k.getKeyId())) {
          throw invalid(at + ".kid", "every key needs a unique kid");
        }
        if (k.getUse() != null && !"sig".equals(k.getUse())) {
          throw invalid(at + ".use", "must be sig");
        }
        if (k.getAlgorithm() != null && !ALGS.contains(k.getAlgorithm())) {
          throw invalid(at + ".alg", "must be RS256, PS256 or ES256");
        }
        if (k instanceof RsaJsonWebKey rsa) {
          if (((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength() < 2048) {
            throw invalid(at + ".n", "RSA keys must have at least 2048 bits");
          }
        } else if (k instanceof EllipticCurveJsonWebKey ec) {
          if (!EllipticCurves.P256.equals(ec.getCurveName())
              && !"P-256".equals(ec.getCurveName())) {
            throw invalid(at + ".crv", "EC keys must use P-256");
          }
        } else {
          throw invalid(at + ".kty", "must be RSA or EC");
        }
        ids.add(k.getKeyId());
      }
      List<JsonWebKey> normalized = new ArrayList<>(jwks);
      String json = new JsonWebKeySet(normalized).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
      return new Validated(json, ids);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw invalid("jwks", "not a valid JWK set");
    }
  }

  /** Key ids of a stored JWKS (empty when none). */
  public static List<String> keyIds(String jwksJson) {
    if (jwksJson == null) {
      return List.of();
    }
    try {
      return new JsonWebKeySet(jwksJson)
          .getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    } catch (JoseException e) {
      return List.of();
    }
  }

  /** A validated JWKS. */
  public record Validated(String json, List<String> keyIds) {}

  private static ProblemException invalid(String field, String detail) {
    return ProblemType.INVALID_REQUEST.exception(field + ": " + detail, field);
  }
}
