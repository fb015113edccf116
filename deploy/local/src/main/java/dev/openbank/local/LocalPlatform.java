package dev.openbank.local;

import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts the platform locally on embedded defaults: a real PostgreSQL (data kept in {@code
 * .local-data/}, one schema and role per service), a real KRaft Kafka broker, and the services as
 * their packaged jars (auth-service, provider-registry, pis-service, consent-service, ais-service,
 * webhook-dispatcher, sandbox-bank), then creates a demo client and prints a curl walk-through.
 *
 * <p>Ctrl-C stops everything. {@code --reset} deletes the local data first.
 */
public final class LocalPlatform {

  static final int POSTGRES_PORT = 15432;
  static final int AUTH_PORT = 8081;
  static final int REGISTRY_PORT = 8082;
  static final int PIS_PORT = 8085;
  static final int CONSENT_PORT = 8083;
  static final int AIS_PORT = 8084;
  static final int WEBHOOKS_PORT = 8086;
  static final int SANDBOX_PORT = 8087;

  private final Path root;
  private final Path data;
  private final Map<String, Process> services = new java.util.LinkedHashMap<>();

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
    ServiceDatabase authDb = database(postgres, "auth", secrets);
    ServiceDatabase registryDb = database(postgres, "registry", secrets);
    ServiceDatabase sandboxDb = database(postgres, "sandbox", secrets);
    ServiceDatabase webhooksDb = database(postgres, "webhooks", secrets);
    ServiceDatabase pisDb = database(postgres, "pis", secrets);
    ServiceDatabase consentDb = database(postgres, "consent", secrets);
    ServiceDatabase aisDb = database(postgres, "ais", secrets);

    step("Starting Kafka (KRaft)");
    String kafka = EmbeddedKafkaBroker.bootstrapServers();
    System.out.println("  bootstrap servers: " + kafka);

    String issuer = "http://localhost:" + AUTH_PORT;
    String sandboxUrl = "http://localhost:" + SANDBOX_PORT;
    start(
        "auth-service",
        AUTH_PORT,
        Map.ofEntries(
            Map.entry("AUTH_ISSUER", issuer),
            Map.entry("AUTH_DB_USER", authDb.username()),
            Map.entry("AUTH_DB_PASSWORD", authDb.password()),
            Map.entry("AUTH_DB_URL", authDb.reactiveUrl()),
            Map.entry("AUTH_DB_JDBC_URL", authDb.jdbcUrl()),
            Map.entry("AUTH_MASTER_KEY", secrets.get("auth.master-key")),
            Map.entry("AUTH_SECRET_HASH_KEY", secrets.get("auth.secret-hash-key")),
            Map.entry("AUTH_ADMIN_KEY", secrets.get("auth.admin-key")),
            Map.entry("AUTH_CURSOR_SECRET", secrets.get("auth.cursor-secret")),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka)));
    start(
        "sandbox-bank",
        SANDBOX_PORT,
        Map.of(
            "SANDBOX_PUBLIC_URL", sandboxUrl,
            "SANDBOX_DB_USER", sandboxDb.username(),
            "SANDBOX_DB_PASSWORD", sandboxDb.password(),
            "SANDBOX_DB_URL", sandboxDb.reactiveUrl(),
            "SANDBOX_DB_JDBC_URL", sandboxDb.jdbcUrl()));
    awaitReady("auth-service", AUTH_PORT);
    // pis-service and consent-service read provider-registry's internal API with their own clients
    LocalClient consentClient =
        LocalClient.ensure(
            data.resolve("consent-service-client.properties"),
            AUTH_PORT,
            secrets.get("auth.admin-key"),
            "consent-service",
            List.of("internal"));
    // ais-service reads consents' bank access from consent-service's internal API
    LocalClient aisClient =
        LocalClient.ensure(
            data.resolve("ais-service-client.properties"),
            AUTH_PORT,
            secrets.get("auth.admin-key"),
            "ais-service",
            List.of("internal"));
    LocalClient pisClient =
        LocalClient.ensure(
            data.resolve("pis-service-client.properties"),
            AUTH_PORT,
            secrets.get("auth.admin-key"),
            "pis-service",
            List.of("internal"));
    start(
        "provider-registry",
        REGISTRY_PORT,
        Map.of(
            "AUTH_ISSUER", issuer,
            "SANDBOX_BANK_URL", sandboxUrl,
            "REGISTRY_DB_USER", registryDb.username(),
            "REGISTRY_DB_PASSWORD", registryDb.password(),
            "REGISTRY_DB_URL", registryDb.reactiveUrl(),
            "REGISTRY_DB_JDBC_URL", registryDb.jdbcUrl(),
            "REGISTRY_CURSOR_SECRET", secrets.get("registry.cursor-secret"),
            "KAFKA_BOOTSTRAP_SERVERS", kafka));
    start(
        "webhook-dispatcher",
        WEBHOOKS_PORT,
        Map.ofEntries(
            Map.entry("AUTH_ISSUER", issuer),
            Map.entry("WEBHOOKS_MASTER_KEY", secrets.get("webhooks.master-key")),
            Map.entry("WEBHOOKS_CURSOR_SECRET", secrets.get("webhooks.cursor-secret")),
            // local receivers run on this machine: allow loopback and plain http here only
            Map.entry("WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128"),
            Map.entry("OPENBANK_WEBHOOKS_REQUIRE_HTTPS", "false"),
            Map.entry("WEBHOOKS_DB_USER", webhooksDb.username()),
            Map.entry("WEBHOOKS_DB_PASSWORD", webhooksDb.password()),
            Map.entry("WEBHOOKS_DB_URL", webhooksDb.reactiveUrl()),
            Map.entry("WEBHOOKS_DB_JDBC_URL", webhooksDb.jdbcUrl()),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka)));
    start(
        "pis-service",
        PIS_PORT,
        Map.ofEntries(
            Map.entry("AUTH_ISSUER", issuer),
            Map.entry("PIS_PUBLIC_URL", "http://localhost:" + PIS_PORT),
            Map.entry("REGISTRY_URL", "http://localhost:" + REGISTRY_PORT),
            Map.entry("PIS_CLIENT_ID", pisClient.clientId()),
            Map.entry("PIS_CLIENT_SECRET", pisClient.clientSecret()),
            Map.entry("PIS_CURSOR_SECRET", secrets.get("pis.cursor-secret")),
            Map.entry("PIS_DB_USER", pisDb.username()),
            Map.entry("PIS_DB_PASSWORD", pisDb.password()),
            Map.entry("PIS_DB_URL", pisDb.reactiveUrl()),
            Map.entry("PIS_DB_JDBC_URL", pisDb.jdbcUrl()),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka)));
    start(
        "consent-service",
        CONSENT_PORT,
        Map.ofEntries(
            Map.entry("AUTH_ISSUER", issuer),
            Map.entry("CONSENT_PUBLIC_URL", "http://localhost:" + CONSENT_PORT),
            Map.entry("REGISTRY_URL", "http://localhost:" + REGISTRY_PORT),
            Map.entry("CONSENT_CLIENT_ID", consentClient.clientId()),
            Map.entry("CONSENT_CLIENT_SECRET", consentClient.clientSecret()),
            Map.entry("CONSENT_DB_USER", consentDb.username()),
            Map.entry("CONSENT_DB_PASSWORD", consentDb.password()),
            Map.entry("CONSENT_DB_URL", consentDb.reactiveUrl()),
            Map.entry("CONSENT_DB_JDBC_URL", consentDb.jdbcUrl()),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka)));
    start(
        "ais-service",
        AIS_PORT,
        Map.ofEntries(
            Map.entry("AUTH_ISSUER", issuer),
            Map.entry("CONSENT_SERVICE_URL", "http://localhost:" + CONSENT_PORT),
            Map.entry("AIS_CLIENT_ID", aisClient.clientId()),
            Map.entry("AIS_CLIENT_SECRET", aisClient.clientSecret()),
            Map.entry("AIS_CURSOR_SECRET", secrets.get("ais.cursor-secret")),
            Map.entry("AIS_DB_USER", aisDb.username()),
            Map.entry("AIS_DB_PASSWORD", aisDb.password()),
            Map.entry("AIS_DB_URL", aisDb.reactiveUrl()),
            Map.entry("AIS_DB_JDBC_URL", aisDb.jdbcUrl()),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka)));
    awaitReady("sandbox-bank", SANDBOX_PORT);
    awaitReady("provider-registry", REGISTRY_PORT);
    awaitReady("webhook-dispatcher", WEBHOOKS_PORT);
    awaitReady("pis-service", PIS_PORT);
    awaitReady("consent-service", CONSENT_PORT);
    awaitReady("ais-service", AIS_PORT);

    LocalClient demo =
        LocalClient.ensure(
            data.resolve("demo-client.properties"),
            AUTH_PORT,
            secrets.get("auth.admin-key"),
            "Demo client",
            List.of("providers", "ais", "pay_by_link", "webhooks"));
    System.out.println(Walkthrough.text(demo, secrets.get("auth.admin-key")));
    System.out.println("Running. Press Ctrl-C to stop everything.");
  }

  private static ServiceDatabase database(
      EmbeddedPostgres postgres, String schema, LocalSecrets secrets) {
    return EmbeddedPostgresServer.provision(
        postgres, schema, secrets.get("db." + schema + ".password"));
  }

  private void start(String name, int port, Map<String, String> env) throws IOException {
    step(
        "Starting "
            + name
            + " on http://localhost:"
            + port
            + " (log: .local-data/logs/"
            + name
            + ".log)");
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    Process p =
        PackagedService.start(
            root.resolve(name + "/target/quarkus-app/quarkus-run.jar"),
            data.resolve("logs/" + name + ".log"),
            all,
            List.of("-Xmx256m", "-XX:+UseParallelGC"));
    services.put(name, p);
  }

  private void awaitReady(String name, int port) throws InterruptedException {
    try {
      PackagedService.awaitReady(
          services.get(name),
          name,
          "http://localhost:" + port + "/q/health/ready",
          Duration.ofSeconds(90));
      System.out.println("  " + name + " is ready");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          e.getMessage() + "; see .local-data/logs/" + name + ".log", e);
    }
  }

  private void stop() {
    for (Process p : services.values()) {
      p.destroy();
    }
    for (Process p : services.values()) {
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
