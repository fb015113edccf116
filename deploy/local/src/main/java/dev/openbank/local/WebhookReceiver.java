package dev.openbank.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * A webhook endpoint for the local platform, as an API client would write one: it verifies each
 * delivery's {@code x-signature} (a JWS whose payload must be the exact body) with the key named by
 * {@code x-signature-kid} from the dispatcher's {@code /.well-known/jwks.json}, fetched again when
 * a kid is unknown (rotation). Verified webhooks are answered 204 and printed; anything else gets a
 * 401 and is kept as rejected. {@code GET /hooks} lists what arrived, newest last.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One delivery as received. */
  public record Received(
      String webhookId,
      String kid,
      boolean verified,
      String failure,
      Map<String, Object> payload,
      String body,
      Instant at) {

    /** A payload field as text ("" if missing). */
    public String field(String name) {
      Object v = payload.get(name);
      return v == null ? "" : v.toString();
    }
  }

  private final HttpServer server;
  private final URI jwksUri;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile JsonWebKeySet keys = new JsonWebKeySet();

  private WebhookReceiver(HttpServer server, String dispatcherUrl, PrintStream out) {
    this.server = server;
    this.jwksUri = URI.create(dispatcherUrl + "/.well-known/jwks.json");
    this.out = out;
  }

  /** Listens on loopback at {@code port}; webhooks go to {@code http://localhost:port/hooks}. */
  public static WebhookReceiver start(int port, String dispatcherUrl, PrintStream out)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    WebhookReceiver receiver = new WebhookReceiver(server, dispatcherUrl, out);
    server.createContext("/hooks", receiver::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    return receiver;
  }

  /** Everything received so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if ("GET".equals(exchange.getRequestMethod())) {
        respond(exchange, 200, listing());
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "");
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String signature = exchange.getRequestHeaders().getFirst("x-signature");
      String kid = exchange.getRequestHeaders().getFirst("x-signature-kid");
      String webhookId = exchange.getRequestHeaders().getFirst("x-webhook-id");
      String failure = verify(body, signature, kid);
      String text = new String(body, StandardCharsets.UTF_8);
      Received r =
          new Received(webhookId, kid, failure == null, failure, parse(text), text, Instant.now());
      received.add(r);
      if (failure == null) {
        out.printf(
            "  webhook %-24s %s%s status=%s (signature verified, kid %s)%n",
            r.field("type"),
            idOf(r),
            r.field("job_id").isEmpty() ? "" : " job_id=" + r.field("job_id"),
            r.field("status"),
            kid);
        respond(exchange, 204, null);
      } else {
        out.println("  webhook REJECTED (" + failure + "): " + text);
        respond(exchange, 401, failure);
      }
    }
  }

  private static String idOf(Received r) {
    if (!r.field("link_id").isEmpty()) {
      return "link_id=" + r.field("link_id");
    }
    return "consent_id=" + r.field("consent_id");
  }

  /** Null when the signature is valid for exactly these bytes, else why not. */
  private String verify(byte[] body, String signature, String kid) {
    if (signature == null || kid == null) {
      return "x-signature or x-signature-kid missing";
    }
    try {
      Key key = key(kid);
      if (key == null) {
        return "kid " + kid + " is not in the dispatcher's JWKS";
      }
      JsonWebSignature jws = new JsonWebSignature();
      jws.setAlgorithmConstraints(
          new AlgorithmConstraints(
              AlgorithmConstraints.ConstraintType.PERMIT,
              AlgorithmIdentifiers.RSA_USING_SHA256,
              AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
              AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
      jws.setCompactSerialization(signature);
      jws.setKey(key);
      if (!kid.equals(jws.getKeyIdHeaderValue())) {
        return "the JWS header's kid differs from x-signature-kid";
      }
      if (!jws.verifySignature()) {
        return "signature does not verify";
      }
      if (!java.util.Arrays.equals(jws.getUnverifiedPayloadBytes(), body)) {
        return "the signed payload is not the body";
      }
      return null;
    } catch (JoseException | IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return "cannot verify: " + e.getMessage();
    }
  }

  private Key key(String kid) throws JoseException, IOException, InterruptedException {
    JsonWebKey known = keys.findJsonWebKey(kid, null, null, null);
    if (known == null) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      keys = new JsonWebKeySet(r.body());
      known = keys.findJsonWebKey(kid, null, null, null);
    }
    return known == null ? null : known.getKey();
  }

  private static Map<String, Object> parse(String text) {
    try {
      return JsonUtil.parseJson(text);
    } catch (JoseException e) {
      return Map.of();
    }
  }

  private String listing() {
    StringBuilder sb = new StringBuilder();
    for (Received r : received) {
      sb.append(r.at())
          .append(r.verified() ? " verified " : " REJECTED ")
          .append(r.body())
          .append('\n');
    }
    return sb.toString();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
