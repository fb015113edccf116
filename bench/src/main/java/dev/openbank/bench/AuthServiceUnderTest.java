package dev.openbank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.SchemaMigrations;
import dev.openbank.testsupport.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** auth-service as a user runs it: the packaged jar, its own schema on a real PostgreSQL. */
final class AuthServiceUnderTest implements AutoCloseable {

  static final int PORT = 18081;
  static final String BASE = "http://localhost:" + PORT;
  private static final String ADMIN_KEY = "bench-admin-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final TraceSink traces;

  private AuthServiceUnderTest(Process process, TraceSink traces) {
    this.process = process;
    this.traces = traces;
  }

  static AuthServiceUnderTest start(
      Path root, EmbeddedPostgres postgres, ServiceDatabase db, String algorithm, Path log)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    // ParallelGC with a large young generation: RSA signing allocates heavily and G1's frequent
    // young pauses on a small default heap were the largest source of tail latency
    String jvmArgs =
        System.getProperty("bench.service.jvm-args", "-XX:+UseParallelGC,-Xms512m,-Xmn384m");
    if (!jvmArgs.isBlank()) {
      cmd.addAll(List.of(jvmArgs.trim().split(",")));
    }
    cmd.addAll(
        List.of(
            "-jar", root.resolve("auth-service/target/quarkus-app/quarkus-run.jar").toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("QUARKUS_HTTP_PORT", String.valueOf(PORT));
    env.put("AUTH_ISSUER", BASE);
    env.putAll(db.environment("AUTH"));
    env.put("AUTH_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.put(
        "AUTH_SECRET_HASH_KEY",
        Base64.getEncoder().encodeToString("bench-secret-hash-key-32-bytes!!".getBytes()));
    env.put("AUTH_ADMIN_KEY", ADMIN_KEY);
    env.put("AUTH_CURSOR_SECRET", Base64.getEncoder().encodeToString(new byte[32]));
    env.put("OPENBANK_AUTH_SIGNING_ALGORITHM", algorithm);
    env.put(
        "KAFKA_BOOTSTRAP_SERVERS", dev.openbank.testsupport.EmbeddedKafkaBroker.bootstrapServers());
    env.put("QUARKUS_LOG_LEVEL", "WARN");
    // every token request is traced, as by default, and its spans go to a collector
    TraceSink traces = TraceSink.start();
    env.putAll(traces.environment());
    AuthServiceUnderTest service = new AuthServiceUnderTest(pb.start(), traces);
    Http.waitReady(BASE + "/q/health/ready", Duration.ofSeconds(90), service.process);
    return service;
  }

  /** Creates a client with a secret and, optionally, public JWKs; returns client_id and secret. */
  String[] createClient(String jwksJson) throws Exception {
    String body =
        "{\"name\":\"bench\",\"environment\":\"sandbox\",\"scopes\":[\"pay_by_link\",\"ais\"]"
            + (jwksJson == null ? "" : ",\"jwks\":" + jwksJson)
            + "}";
    JsonNode created = JSON.readTree(admin("/admin/clients/create", body));
    return new String[] {created.get("client_id").asText(), created.get("client_secret").asText()};
  }

  void rotate() throws Exception {
    admin("/admin/keys/rotate", "{}");
  }

  private String admin(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(BASE + path))
                    .header("Content-Type", "application/json")
                    .header("X-Admin-Key", ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
    System.out.println("==> auth-service's traces: " + traces);
    traces.close();
  }

  static ServiceDatabase database(EmbeddedPostgres postgres) {
    ServiceDatabase db = EmbeddedPostgresServer.provision(postgres, "auth", "bench-password");
    SchemaMigrations.migrate(db);
    return db;
  }
}
