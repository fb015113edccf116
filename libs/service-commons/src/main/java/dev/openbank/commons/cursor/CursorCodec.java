package dev.openbank.commons.cursor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident keyset cursors.
 *
 * <p>A cursor holds the sort-key values of the last row a page returned (so it is stable under
 * inserts, unlike an offset) and an HMAC-SHA256 tag over those values and a <em>scope</em>: the
 * owner and the query's filters. A cursor edited by a client, or replayed by another client or with
 * other filters, fails verification and is answered with a 400 naming the field.
 *
 * <p>Format: {@code base64url(json-array-of-values) "." base64url(tag[0..16])}.
 */
public final class CursorCodec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final int TAG_BYTES = 16;
  private static final int MAX_LENGTH = 2048;

  private final SecretKeySpec key;

  /**
   * @param secret at least 32 bytes of key material, from configuration
   */
  public CursorCodec(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("cursor secret must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** Encodes the last row's keyset values, bound to {@code scope}. */
  public String encode(String scope, List<String> values) {
    try {
      byte[] body = JSON.writeValueAsBytes(values);
      return B64.encodeToString(body) + "." + B64.encodeToString(tag(scope, body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes a cursor made by {@link #encode} with the same scope.
   *
   * @param field the request field the cursor came in, named in the error
   * @throws ProblemException 400 {@code invalid_cursor} when the cursor is malformed, was altered,
   *     or belongs to another scope
   */
  public List<String> decode(String scope, String cursor, String field) {
    if (cursor == null || cursor.length() > MAX_LENGTH) {
      throw invalid(field);
    }
    int dot = cursor.indexOf('.');
    if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
      throw invalid(field);
    }
    try {
      byte[] body = B64D.decode(cursor.substring(0, dot));
      byte[] given = B64D.decode(cursor.substring(dot + 1));
      if (!MessageDigest.isEqual(given, tag(scope, body))) {
        throw invalid(field);
      }
      return JSON.readValue(body, new TypeReference<List<String>>() {});
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw invalid(field);
    }
  }

  private byte[] tag(String scope, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(scope.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Arrays.copyOf(mac.doFinal(body), TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProblemException invalid(String field) {
    return ProblemType.INVALID_CURSOR.exception(
        "the cursor is not one this API returned for this query", field);
  }
}
