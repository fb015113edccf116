package dev.openbank.bench;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor under auth-service's token endpoint (bench/run.sh): a bare Vert.x HTTP server doing
 * only what no implementation of {@code client_credentials} with {@code client_secret_basic} and
 * RS256 can skip. On the event loop that read the request it decodes the form and the Basic
 * credentials, checks the secret against its keyed hash (HMAC-SHA256, as auth-service stores it),
 * writes the RFC 9068 claims by hand, signs them with JCA's SHA256withRSA (an RSA-2048 key, as the
 * ceiling uses) and writes the JSON answer. It has no framework, no client lookup, no scope check,
 * no tracing and no metrics: its share of the signing ceiling is what any token server could reach
 * on the same cores with the same load generator, and so shows how much of the gap is ours.
 *
 * <p>Arguments: port, issuer, client id, client secret.
 */
public final class TokenFloor {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private TokenFloor() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String issuer = args[1];
    String clientId = args[2];
    byte[] hashKey = new byte[32];
    byte[] storedHash = hmac(hashKey, args[3].getBytes(StandardCharsets.UTF_8));
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair key = g.generateKeyPair();
    String header =
        B64URL.encodeToString(
            "{\"alg\":\"RS256\",\"kid\":\"floor\",\"typ\":\"at+jwt\"}"
                .getBytes(StandardCharsets.UTF_8));
    ThreadLocal<Signature> signatures =
        ThreadLocal.withInitial(
            () -> {
              try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key.getPrivate());
                return s;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    FloorServer.serve(
        FloorServer.vertx(),
        port,
        (req, body) ->
            handle(req, body, issuer, clientId, hashKey, storedHash, header, signatures.get()));
    System.out.println("token floor listening on " + port);
  }

  private static void handle(
      HttpServerRequest req,
      Buffer body,
      String issuer,
      String clientId,
      byte[] hashKey,
      byte[] storedHash,
      String header,
      Signature signature) {
    if (req.method() == HttpMethod.GET) {
      answer(req, 200, "{}"); // ready
      return;
    }
    Map<String, List<String>> form =
        new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
            .parameters();
    String authorization = req.getHeader("Authorization");
    List<String> grant = form.get("grant_type");
    if (grant == null || !grant.equals(List.of("client_credentials"))) {
      answer(req, 400, "{\"error\":\"unsupported_grant_type\"}");
      return;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      answer(req, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    String credentials =
        new String(
            Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    int colon = credentials.indexOf(':');
    if (colon < 0
        || !credentials.substring(0, colon).equals(clientId)
        || !MessageDigest.isEqual(
            storedHash,
            hmac(hashKey, credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8)))) {
      answer(req, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    long now = System.currentTimeMillis() / 1000;
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"sub\":\""
            + clientId
            + "\",\"aud\":\"openbank\",\"client_id\":\""
            + clientId
            + "\",\"scope\":\"ais pay_by_link\",\"env\":\"sandbox\",\"jti\":\""
            + UUID.randomUUID()
            + "\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 300)
            + "}";
    String signingInput =
        header + "." + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    String token;
    try {
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      token = signingInput + "." + B64URL.encodeToString(signature.sign());
    } catch (Exception e) {
      answer(req, 500, "{\"error\":\"server_error\"}");
      return;
    }
    answer(
        req,
        200,
        "{\"access_token\":\""
            + token
            + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"ais pay_by_link\"}");
  }

  private static void answer(HttpServerRequest req, int status, String json) {
    req.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Pragma", "no-cache")
        .end(json);
  }

  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
