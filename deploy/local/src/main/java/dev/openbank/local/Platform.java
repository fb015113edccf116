package dev.openbank.local;

import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.MachineLoad;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on embedded defaults: a real PostgreSQL (one schema and role per service), a
 * real KRaft Kafka broker, the seven packaged services ({@code target/quarkus-app/quarkus-run.jar},
 * run as a user runs them), a demo API client and a local webhook receiver that verifies every
 * webhook against the dispatcher's JWKS. The local launcher ({@link LocalPlatform}) and the system
 * tests both start it through here.
 */
public final class Platform implements AutoCloseable {

  /** Where everything listens. */
  public record Ports(
      int postgres,
      int auth,
      int registry,
      int consent,
      int ais,
      int pis,
      int webhooks,
      int sandbox,
      int receiver) {

    /** The documented local ports (README, docs/operations.md). */
    public static Ports fixed() {
      return new Ports(15432, 8081, 8082, 8083, 8084, 8085, 8086, 8087, 8088);
    }

    /** Free ports, for tests that must not collide with a running local platform. */
    public static Ports free() {
      return new Ports(
          PackagedService.freePort(),
          PackagedService.freePort(),
          PackagedService.freePort(),
          PackagedService.freePort(),
          PackagedService.freePort(),
          PackagedService.freePort(),
          PackagedService.freePort(),
          PackagedService.freePort(),
          PackagedService.freePort());
    }
  }

  /**
   * How to start.
   *
   * @param root the repository (service jars are found below it)
   * @param data where PostgreSQL's data, secrets, client credentials and logs are kept
   * @param oneAtATime start each service only once the one before is ready, so its time to ready is
   *     its own (the measurement in docs/benchmarks.md); otherwise they start together
   * @param issuer the token issuer URL as API clients know it, or null for auth-service's own
   *     address; when set, the services still reach auth-service at its address
   *     (openbank.security.issuer-url), as inside a cluster whose public URL is not reachable
   * @param classCache start each service with its {@link ClassCache}, making it on the first start
   *     (written when the platform stops)
   */
  public record Options(
      Path root,
      Path data,
      Ports ports,
      boolean oneAtATime,
      String issuer,
      boolean classCache,
      PrintStream out) {}

  /**
   * One service's start: launch to ready, its resident memory once ready, and its class cache
   * ({@code used}, {@code making} on a start that makes it, or {@code off}).
   */
  public record Started(
      String name, int port, long pid, Duration toReady, long rssKb, String classCache) {}

  /** The demo API client (all client scopes). */
  public record Client(String clientId, String clientSecret) {}

  /**
   * Heap and GC for seven JVMs on one developer machine, as docs/benchmarks.md measured them: the
   * serial collector and a small initial heap keep each service's footprint low (the JVM picks the
   * serial collector itself in a container with less than two CPUs or 1,792 MB); the benchmarks run
   * the services with the throughput collector instead. Traces are made and propagated, but no
   * collector runs locally, so the exporter's connection failures are not logged.
   */
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms64m",
          "-Xmx256m",
          "-XX:+UseSerialGC",
          "-Dquarkus.log.category.\"io.quarkus.opentelemetry.runtime.exporter\".level=ERROR");

  /**
   * With {@code --measure}, each service is launched once the whole machine uses fewer cores than
   * this (over half a second; at most 15 s of waiting): the started services idle at 1-6 % of a
   * core each.
   */
  private static final double QUIET_CORES = 0.5;

  /**
   * The in-process Kafka broker and the embedded PostgreSQL log only problems here (the services
   * log to their own files); held so the levels are not lost with the loggers.
   */
  private static final List<java.util.logging.Logger> QUIET =
      List.of(
          quiet("kafka", java.util.logging.Level.SEVERE),
          quiet("org.apache.kafka", java.util.logging.Level.SEVERE),
          quiet("state.change.logger", java.util.logging.Level.SEVERE),
          quiet("io.zonky", java.util.logging.Level.WARNING));

  private static java.util.logging.Logger quiet(String name, java.util.logging.Level level) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(level);
    return logger;
  }

  private final Options options;
  private final Thread stopOnExit = new Thread(this::close, "platform-stop");
  private boolean closed;

  /**
   * A service launched and not yet stopped: its process, its port, when it was launched, and its
   * class cache (null when not used).
   */
  private record Launched(Process process, int port, long launchedAtNanos, ClassCache cache) {}

  private final Map<String, Launched> services = new LinkedHashMap<>();
  private final List<Started> started = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private WebhookReceiver receiver;
  private LocalSecrets secrets;
  private Client demo;
  private String kafka;

  private Platform(Options options) {
    this.options = options;
  }

  /** Starts everything and waits until every service is ready; closes what it started on error. */
  public static Platform start(Options options) throws Exception {
    Platform platform = new Platform(options);
    // Ctrl-C or a kill at any time, also halfway through the start, stops what was started
    Runtime.getRuntime().addShutdownHook(platform.stopOnExit);
    try {
      platform.boot();
      return platform;
    } catch (Exception | Error e) {
      platform.close();
      throw e;
    }
  }

  public Ports ports() {
    return options.ports();
  }

  public String url(int port) {
    return "http://localhost:" + port;
  }

  public Client demoClient() {
    return demo;
  }

  public String adminKey() {
    return secrets.get("auth.admin-key");
  }

  /** The Kafka broker's bootstrap servers. */
  public String kafkaBootstrapServers() {
    return kafka;
  }

  public WebhookReceiver receiver() {
    return receiver;
  }

  /** Each service's start, in the order they became ready. */
  public List<Started> started() {
    return List.copyOf(started);
  }

  /** The service's log file. */
  public Path log(String service) {
    return options.data().resolve("logs/" + service + ".log");
  }

  /**
   * The platform's memory now: the proportional set size (PSS, shared pages split between their
   * users) of the service JVMs, this JVM (which runs Kafka and the receiver) and PostgreSQL.
   */
  public long platformPssKb() {
    long total = ProcessMemory.pssKb(ProcessHandle.current().pid());
    for (Launched l : services.values()) {
      total += ProcessMemory.pssKb(l.process().pid());
    }
    return total + ProcessMemory.pssOfTreeKb(options.data().resolve("postgres"));
  }

  private void boot() throws Exception {
    Path data = options.data();
    Ports ports = options.ports();
    Files.createDirectories(data.resolve("logs"));
    secrets = LocalSecrets.loadOrCreate(data.resolve("secrets.properties"));

    step("Starting PostgreSQL on port " + ports.postgres() + " (data in " + shown(data) + ")");
    postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), ports.postgres());
    ServiceDatabase authDb = database("auth");
    ServiceDatabase registryDb = database("registry");
    ServiceDatabase sandboxDb = database("sandbox");
    ServiceDatabase webhooksDb = database("webhooks");
    ServiceDatabase pisDb = database("pis");
    ServiceDatabase consentDb = database("consent");
    ServiceDatabase aisDb = database("ais");
    migrate(List.of(authDb, registryDb, webhooksDb, pisDb, consentDb, aisDb));

    step("Starting Kafka (KRaft)");
    kafka = EmbeddedKafkaBroker.bootstrapServers();
    EmbeddedKafkaBroker.awaitAnswers(kafka);
    options.out().println("  bootstrap servers: " + kafka);

    String issuer = options.issuer() != null ? options.issuer() : url(ports.auth());
    String sandboxUrl = url(ports.sandbox());
    launch(
        "auth-service",
        ports.auth(),
        authDb.environment(
            "AUTH",
            Map.ofEntries(
                Map.entry("AUTH_ISSUER", issuer),
                Map.entry("AUTH_MASTER_KEY", secrets.get("auth.master-key")),
                Map.entry("AUTH_SECRET_HASH_KEY", secrets.get("auth.secret-hash-key")),
                Map.entry("AUTH_ADMIN_KEY", adminKey()),
                Map.entry("AUTH_CURSOR_SECRET", secrets.get("auth.cursor-secret")),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))));
    launch(
        "sandbox-bank",
        ports.sandbox(),
        sandboxDb.environment("SANDBOX", Map.of("SANDBOX_PUBLIC_URL", sandboxUrl)));
    awaitReady("auth-service");
    // pis-service, consent-service and ais-service call internal APIs with clients of their own
    LocalClient consentClient = serviceClient("consent-service");
    LocalClient aisClient = serviceClient("ais-service");
    LocalClient pisClient = serviceClient("pis-service");
    launch(
        "provider-registry",
        ports.registry(),
        registryDb.environment(
            "REGISTRY",
            Map.of(
                "AUTH_ISSUER", issuer,
                "SANDBOX_BANK_URL", sandboxUrl,
                "REGISTRY_CURSOR_SECRET", secrets.get("registry.cursor-secret"),
                "KAFKA_BOOTSTRAP_SERVERS", kafka)));
    launch(
        "webhook-dispatcher",
        ports.webhooks(),
        webhooksDb.environment(
            "WEBHOOKS",
            Map.ofEntries(
                Map.entry("AUTH_ISSUER", issuer),
                Map.entry("WEBHOOKS_MASTER_KEY", secrets.get("webhooks.master-key")),
                Map.entry("WEBHOOKS_CURSOR_SECRET", secrets.get("webhooks.cursor-secret")),
                // local receivers run on this machine: allow loopback and plain http here only
                Map.entry("WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128"),
                Map.entry("OPENBANK_WEBHOOKS_REQUIRE_HTTPS", "false"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))));
    launch(
        "pis-service",
        ports.pis(),
        pisDb.environment(
            "PIS",
            Map.ofEntries(
                Map.entry("AUTH_ISSUER", issuer),
                Map.entry("PIS_PUBLIC_URL", url(ports.pis())),
                Map.entry("REGISTRY_URL", url(ports.registry())),
                Map.entry("PIS_CLIENT_ID", pisClient.clientId()),
                Map.entry("PIS_CLIENT_SECRET", pisClient.clientSecret()),
                Map.entry("PIS_CURSOR_SECRET", secrets.get("pis.cursor-secret")),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))));
    launch(
        "consent-service",
        ports.consent(),
        consentDb.environment(
            "CONSENT",
            Map.ofEntries(
                Map.entry("AUTH_ISSUER", issuer),
                Map.entry("CONSENT_PUBLIC_URL", url(ports.consent())),
                Map.entry("REGISTRY_URL", url(ports.registry())),
                Map.entry("CONSENT_CLIENT_ID", consentClient.clientId()),
                Map.entry("CONSENT_CLIENT_SECRET", consentClient.clientSecret()),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))));
    launch(
        "ais-service",
        ports.ais(),
        aisDb.environment(
            "AIS",
            Map.ofEntries(
                Map.entry("AUTH_ISSUER", issuer),
                Map.entry("CONSENT_SERVICE_URL", url(ports.consent())),
                Map.entry("AIS_CLIENT_ID", aisClient.clientId()),
                Map.entry("AIS_CLIENT_SECRET", aisClient.clientSecret()),
                Map.entry("AIS_CURSOR_SECRET", secrets.get("ais.cursor-secret")),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))));
    for (String name : List.copyOf(services.keySet())) {
      awaitReady(name);
    }

    LocalClient client =
        LocalClient.ensure(
            data.resolve("demo-client.properties"),
            ports.auth(),
            adminKey(),
            "Demo client",
            List.of("providers", "ais", "pay_by_link", "webhooks"));
    demo = new Client(client.clientId(), client.clientSecret());
    receiver = WebhookReceiver.start(ports.receiver(), url(ports.webhooks()), options.out());
    step("Webhook receiver on " + url(ports.receiver()) + "/hooks (verifies every signature)");
  }

  private ServiceDatabase database(String schema) {
    return EmbeddedPostgresServer.provision(
        postgres, schema, secrets.get("db." + schema + ".password"));
  }

  /**
   * Applies the services' schema migrations with the packaged migrations application, as the
   * Kubernetes init containers and docker-compose do before the services start (decision 0019).
   * sandbox-bank, the stand-in for the banks, still migrates its own schema at start.
   */
  private void migrate(List<ServiceDatabase> dbs) throws Exception {
    step("Migrating the services' schemas (log: " + shown(log("migrations")) + ")");
    Map<String, String> env = new HashMap<>();
    for (ServiceDatabase db : dbs) {
      env.putAll(db.environment(db.schema().toUpperCase(Locale.ROOT)));
    }
    Path app = options.root().resolve("migrations/target/quarkus-app");
    ClassCache cache = classCache(app);
    long start = System.nanoTime();
    Process p =
        PackagedService.start(
            app.resolve("quarkus-run.jar"), log("migrations"), env, jvmOptions(cache));
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "the migrations did not finish in 120 s; see " + shown(log("migrations")));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "the migrations failed (exit " + p.exitValue() + "); see " + shown(log("migrations")));
    }
    options
        .out()
        .printf(
            "  %d schemas up to date in %.1f s%n",
            dbs.size(), (System.nanoTime() - start) / 1_000_000_000.0);
  }

  private LocalClient serviceClient(String name) throws IOException, InterruptedException {
    return LocalClient.ensure(
        options.data().resolve(name + "-client.properties"),
        options.ports().auth(),
        adminKey(),
        name,
        List.of("internal"));
  }

  private void launch(String name, int port, Map<String, String> env) throws Exception {
    step("Starting " + name + " on " + url(port) + " (log: " + shown(log(name)) + ")");
    Map<String, String> all = new HashMap<>(env);
    all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    // where the services reach auth-service (discovery, JWKS, service tokens)
    all.put("OPENBANK_SECURITY_ISSUER_URL", url(options.ports().auth()));
    Path app = options.root().resolve(name + "/target/quarkus-app");
    ClassCache cache = classCache(app);
    List<String> jvm = jvmOptions(cache);
    if (options.oneAtATime()) {
      // what the services started before still do once ready (their JIT compiling, first
      // scheduler runs, Kafka consumers joining) is not this service's start: wait until the
      // machine is down to their idle load
      MachineLoad.awaitQuiet(QUIET_CORES, Duration.ofMillis(500), Duration.ofSeconds(15));
    }
    long launchedAt = System.nanoTime();
    Process p = PackagedService.start(app.resolve("quarkus-run.jar"), log(name), all, jvm);
    services.put(name, new Launched(p, port, launchedAt, cache));
    if (options.oneAtATime()) {
      awaitReady(name);
    }
  }

  /** The packaged application's class cache, or null when caches are off. */
  private ClassCache classCache(Path app) throws IOException {
    ClassCache cache = options.classCache() ? ClassCache.of(app) : null;
    if (cache != null && cache.training()) {
      // a stale cache goes; the JVM writes a new one when the application exits
      Files.deleteIfExists(cache.file());
    }
    return cache;
  }

  private static List<String> jvmOptions(ClassCache cache) {
    List<String> jvm = new ArrayList<>(JVM_OPTIONS);
    if (cache != null) {
      jvm.addAll(cache.jvmOptions());
    }
    return jvm;
  }

  private void awaitReady(String name) throws InterruptedException {
    if (started.stream().anyMatch(s -> s.name().equals(name))) {
      return;
    }
    Launched launched = services.get(name);
    Process process = launched.process();
    int port = launched.port();
    try {
      PackagedService.awaitReady(
          process, name, url(port) + "/q/health/ready", Duration.ofSeconds(120));
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; see " + shown(log(name)), e);
    }
    Duration toReady = Duration.ofNanos(System.nanoTime() - launched.launchedAtNanos());
    ClassCache cache = launched.cache();
    String classCache = cache == null ? "off" : cache.training() ? "making" : "used";
    Started s =
        new Started(
            name, port, process.pid(), toReady, ProcessMemory.rssKb(process.pid()), classCache);
    started.add(s);
    options
        .out()
        .printf(
            "  %-19s ready in %4.1f s, %4d MB resident%n",
            name, toReady.toMillis() / 1000.0, s.rssKb() / 1024);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != stopOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is running or will find this closed
      }
    }
    if (receiver != null) {
      receiver.close();
    }
    // a service that became ready writes its class cache as it stops; one stopped before it was
    // ready would write a cache of half a start, so it is killed and its cache deleted
    List<String> ready = started.stream().map(Started::name).toList();
    boolean writingCaches =
        services.entrySet().stream()
            .anyMatch(e -> training(e.getValue()) && ready.contains(e.getKey()));
    if (writingCaches) {
      step("Writing the services' class caches for faster starts (once; up to a minute)");
    }
    services.forEach(
        (name, l) -> {
          if (training(l) && !ready.contains(name)) {
            l.process().destroyForcibly();
          } else {
            l.process().destroy();
          }
        });
    services.forEach(
        (name, l) -> {
          Process p = l.process();
          try {
            boolean stopped = p.waitFor(training(l) ? 120 : 15, TimeUnit.SECONDS);
            if (!stopped) {
              p.destroyForcibly();
              p.waitFor(5, TimeUnit.SECONDS);
            }
            if (training(l) && (!stopped || !ready.contains(name))) {
              Files.deleteIfExists(l.cache().file()); // missing or of half a start
            }
          } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            options.out().println("  Could not delete " + l.cache().file() + ": " + e.getMessage());
          }
        });
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        options.out().println("  PostgreSQL did not stop cleanly: " + e.getMessage());
      }
    }
  }

  private static boolean training(Launched l) {
    return l.cache() != null && l.cache().training();
  }

  private void step(String message) {
    options.out().println("==> " + message);
  }

  private String shown(Path path) {
    Path root = options.root();
    Path abs = path.toAbsolutePath().normalize();
    return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
  }
}
