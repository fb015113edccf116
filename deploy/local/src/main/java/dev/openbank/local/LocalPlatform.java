package dev.openbank.local;

import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the platform locally on embedded defaults: a real PostgreSQL (data kept in {@code
 * .local-data/}, one schema and role per service), a real KRaft Kafka broker, and the services as
 * their packaged jars, then creates a demo client and prints how to get a token.
 *
 * <p>Ctrl-C stops everything. {@code --reset} deletes the local data first.
 */
public final class LocalPlatform {

  static final int POSTGRES_PORT = 15432;
  static final int AUTH_PORT = 8081;

  private final Path root;
  private final Path data;
  private final List<Process> services = new ArrayList<>();

  private LocalPlatform(Path root) {
    this.root = root;
    this.data = root.resolve(".local-data");
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("openbank.root", ".")).toAbsolutePath().normalize();
    LocalPlatform platform = new LocalPlatform(root);
    if (List.of(args).contains("--reset")) {
      platform.reset();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "local-platform-stop"));
    platform.start();
    Thread.currentThread().join();
  }

  private void start() throws Exception {
    Files.createDirectories(data.resolve("logs"));
    LocalSecrets secrets = LocalSecrets.loadOrCreate(data.resolve("secrets.properties"));

    step("Starting PostgreSQL on port " + POSTGRES_PORT + " (data in .local-data/postgres)");
    EmbeddedPostgres postgres =
        EmbeddedPostgresServer.start(data.resolve("postgres"), POSTGRES_PORT);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
    ServiceDatabase authDb =
        EmbeddedPostgresServer.provision(postgres, "auth", secrets.get("db.auth.password"));

    step("Starting Kafka (KRaft)");
    String kafka = EmbeddedKafkaBroker.bootstrapServers();
    System.out.println("  bootstrap servers: " + kafka);

    step(
        "Starting auth-service on http://localhost:"
            + AUTH_PORT
            + " (log: .local-data/logs/auth-service.log)");
    services.add(
        ServiceProcess.start(
            root.resolve("auth-service/target/quarkus-app/quarkus-run.jar"),
            data.resolve("logs/auth-service.log"),
            Map.ofEntries(
                Map.entry("QUARKUS_HTTP_PORT", String.valueOf(AUTH_PORT)),
                Map.entry("AUTH_ISSUER", "http://localhost:" + AUTH_PORT),
                Map.entry("AUTH_DB_USER", authDb.username()),
                Map.entry("AUTH_DB_PASSWORD", authDb.password()),
                Map.entry("AUTH_DB_URL", authDb.reactiveUrl()),
                Map.entry("AUTH_DB_JDBC_URL", authDb.jdbcUrl()),
                Map.entry("AUTH_MASTER_KEY", secrets.get("auth.master-key")),
                Map.entry("AUTH_SECRET_HASH_KEY", secrets.get("auth.secret-hash-key")),
                Map.entry("AUTH_ADMIN_KEY", secrets.get("auth.admin-key")),
                Map.entry("AUTH_CURSOR_SECRET", secrets.get("auth.cursor-secret")),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))));
    waitReady("auth-service", "http://localhost:" + AUTH_PORT + "/q/health/ready");

    DemoClient demo =
        DemoClient.ensure(
            data.resolve("demo-client.properties"), AUTH_PORT, secrets.get("auth.admin-key"));
    System.out.println(Walkthrough.text(AUTH_PORT, demo, secrets.get("auth.admin-key")));
    System.out.println("Running. Press Ctrl-C to stop everything.");
  }

  private void waitReady(String name, String url) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : services) {
        if (!p.isAlive()) {
          throw new IllegalStateException(name + " exited; see .local-data/logs/" + name + ".log");
        }
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          System.out.println("  " + name + " is ready");
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(name + " did not become ready in 90 s");
  }

  private void stop() {
    for (Process p : services) {
      p.destroy();
    }
    for (Process p : services) {
      try {
        if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    System.out.println("\nStopped.");
  }

  private void reset() throws IOException {
    if (Files.exists(data)) {
      try (var paths = Files.walk(data)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      System.out.println("Deleted .local-data");
    }
  }

  private static void step(String message) {
    System.out.println("==> " + message);
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // exiting
    }
  }
}
