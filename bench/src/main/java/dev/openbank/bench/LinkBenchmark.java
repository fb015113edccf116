package dev.openbank.bench;

import static dev.openbank.bench.BenchMain.option;
import static dev.openbank.bench.BenchMain.pct;
import static dev.openbank.bench.BenchMain.random32;

import dev.openbank.testsupport.AuthServiceClient;
import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.ServiceDatabase;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The payment-link benchmark (docs/benchmarks.md): {@code POST /v2/links/create} with an
 * Idempotency-Key on every request and the outbox on, at full speed (64 in flight) and at a fixed
 * 1,000 creates/s (latency from each request's scheduled time, so queueing counts), then {@code
 * /v2/links/list} deep into the client's links. Real auth-service tokens, real PostgreSQL and
 * Kafka, all on this machine.
 */
public final class LinkBenchmark {

  private static final String BODY =
      "{\"amount\":\"125.50\",\"currency\":\"RON\",\"description\":\"Order\","
          + "\"creditor\":{\"name\":\"Magazinul Demo SRL\",\"iban\":\"RO10RZBR0000069999999970\"},"
          + "\"goods\":[{\"name\":\"Book\",\"quantity\":2,\"unit_price\":\"50.25\"},"
          + "{\"name\":\"Pen\",\"quantity\":1,\"unit_price\":\"25\"}],"
          + "\"webhook_url\":\"https://shop.example/hooks\"}";

  private LinkBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exitOnFailure(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int seconds = Integer.parseInt(option(args, "duration", "20"));
    int warmup = Integer.parseInt(option(args, "warmup", "90"));
    Path root = Path.of(System.getProperty("openbank.root", ".")).toAbsolutePath();
    System.out.printf(
        "JDK %s, %d cores%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    AuthServiceClient auth = RealAuthService.shared();
    ServiceDatabase db = EmbeddedPostgresServer.provision("pis");
    int port = PackagedService.freePort();
    Process pis =
        PackagedService.start(
            root.resolve("pis-service/target/quarkus-app/quarkus-run.jar"),
            root.resolve("bench/target/pis-service.log"),
            db.environment(
                "PIS",
                Map.of(
                    "QUARKUS_HTTP_PORT", String.valueOf(port),
                    "AUTH_ISSUER", auth.issuer(),
                    "PIS_CURSOR_SECRET", random32(),
                    "KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaBroker.bootstrapServers())),
            List.of(
                System.getProperty("bench.service.jvm-args", "-XX:+UseParallelGC,-Xms512m")
                    .split(",")));
    Runtime.getRuntime().addShutdownHook(new Thread(pis::destroy));
    PackagedService.awaitReady(
        pis, "pis-service", "http://localhost:" + port + "/q/health/ready", Duration.ofSeconds(90));
    AuthServiceClient.ApiClient client = auth.createClient("sandbox", "pay_by_link");

    Vertx vertx = Vertx.vertx();
    HttpClient http =
        vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
    AtomicLong keys = new AtomicLong();
    // long enough for the JIT: after 20 s, C2 still used a third of a core in pis-service while
    // the full-speed phase was measured
    System.out.printf("==> warm-up: %d s of creates%n", warmup);
    long[] warm =
        closedLoop(http, port, auth.token(client), keys, 64, warmup, "/v2/links/create", BODY);
    long self = ProcessHandle.current().pid();
    CpuUse cpu =
        new CpuUse()
            .group("pis-service", CpuUse.pid(pis.pid()))
            .group("auth-service", CpuUse.commandLine("auth-service/target/quarkus-app"))
            .group("PostgreSQL", CpuUse.command("postgres"))
            .group("this JVM (load, Kafka broker)", CpuUse.pid(self));
    System.out.printf("==> full speed: %d s, 64 in flight%n", seconds);
    cpu.start("full speed", pis.pid());
    long[] full =
        closedLoop(http, port, auth.token(client), keys, 64, seconds, "/v2/links/create", BODY);
    double rate = full.length / (double) seconds;
    System.out.printf(
        "    %,.0f creates/s, p50 %.1f ms, p99 %.1f ms%n", rate, pct(full, 50), pct(full, 99));
    cpu.print("full speed");
    System.out.printf("==> fixed 1,000 creates/s for %d s%n", seconds);
    cpu.start("fixed rate", pis.pid());
    long[] paced = openLoop(http, port, auth.token(client), keys, 1000, seconds);
    System.out.printf(
        "    p50 %.1f ms, p99 %.1f ms (%d requests)%n",
        pct(paced, 50), pct(paced, 99), paced.length);
    cpu.print("1,000 creates/s");
    checkWrites(db, keys.get(), warm.length + full.length + paced.length);
    System.out.printf(
        "==> list: 50 per page, 16 in flight, %d s, over %,d links%n", seconds, keys.get());
    long[] list =
        closedLoop(
            http,
            port,
            auth.token(client),
            null,
            16,
            seconds,
            "/v2/links/list",
            "{\"filter\":{\"status\":\"created\"},\"pagination\":{\"limit\":50}}");
    System.out.printf(
        "    %,.0f lists/s, p50 %.1f ms, p99 %.1f ms%n",
        list.length / (double) seconds, pct(list, 50), pct(list, 99));

    System.out.println();
    System.out.println(
        "=== payment link results (JDK " + System.getProperty("java.version") + ") ===");
    System.out.printf(
        "creates/s, 64 in flight          %,8.0f   p50 %.1f ms  p99 %.1f ms%n",
        rate, pct(full, 50), pct(full, 99));
    System.out.printf(
        "at 1,000 creates/s                         p50 %.1f ms  p99 %.1f ms%n",
        pct(paced, 50), pct(paced, 99));
    System.out.printf(
        "lists/s (50 links a page)        %,8.0f   p50 %.1f ms  p99 %.1f ms%n",
        list.length / (double) seconds, pct(list, 50), pct(list, 99));
    CountDownLatch closed = new CountDownLatch(1);
    vertx.close().onComplete(ar -> closed.countDown());
    closed.await(10, TimeUnit.SECONDS);
    pis.destroy();
    System.exit(0);
  }

  /**
   * Every create sent (each with its own Idempotency-Key) wrote its link, first history row, key
   * and outbox event: a faster create that drops a write fails the benchmark instead of looking
   * good.
   */
  private static void checkWrites(ServiceDatabase db, long sent, long answered)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM link), (SELECT count(*) FROM link_status_history),"
                    + " (SELECT count(*) FROM idempotency_key), (SELECT count(*) FROM"
                    + " outbox_event WHERE event_type = 'link_status_update')")) {
      r.next();
      long[] rows = {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)};
      System.out.printf(
          "    written: %,d links, %,d history rows, %,d keys, %,d events for %,d creates sent"
              + " (%,d answered 2xx)%n",
          rows[0], rows[1], rows[2], rows[3], sent, answered);
      for (long n : rows) {
        if (n != sent) {
          throw new IllegalStateException("the rows written do not match the creates sent");
        }
      }
    }
  }

  private static RequestOptions post(int port, String path, String token, String key) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("localhost")
            .setPort(port)
            .setURI(path)
            .setTimeout(10_000)
            .putHeader("Authorization", "Bearer " + token)
            .putHeader("Content-Type", "application/json");
    return key == null ? o : o.putHeader("Idempotency-Key", key);
  }

  /** {@code inFlight} requests at all times for {@code seconds}; latencies in microseconds. */
  private static long[] closedLoop(
      HttpClient http,
      int port,
      String token,
      AtomicLong keys,
      int inFlight,
      int seconds,
      String path,
      String body)
      throws InterruptedException {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    Semaphore slots = new Semaphore(inFlight);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Buffer payload = Buffer.buffer(body);
    while (System.nanoTime() < end) {
      slots.acquire();
      long start = System.nanoTime();
      String key = keys == null ? null : "bench-" + keys.incrementAndGet();
      send(http, post(port, path, token, key), payload)
          .onComplete(
              ar -> {
                if (answered(ar)) {
                  latencies.add((System.nanoTime() - start) / 1_000);
                } else if (errors.getAndIncrement() == 0) {
                  firstError.set(failure(ar));
                }
                slots.release();
              });
    }
    slots.tryAcquire(inFlight, 15, TimeUnit.SECONDS);
    if (errors.get() > 0) {
      System.out.printf("    (%d failed requests, first: %s)%n", errors.get(), firstError.get());
    }
    return sorted(latencies);
  }

  /** A request every 1/rate s whatever the answers; latency counts from the scheduled time. */
  private static long[] openLoop(
      HttpClient http, int port, String token, AtomicLong keys, int rate, int seconds)
      throws InterruptedException {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    int total = rate * seconds;
    CountDownLatch done = new CountDownLatch(total);
    Buffer payload = Buffer.buffer(BODY);
    long begin = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long scheduled = begin + (long) (i * (1e9 / rate));
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      send(http, post(port, "/v2/links/create", token, "bench-" + keys.incrementAndGet()), payload)
          .onComplete(
              ar -> {
                if (answered(ar)) {
                  latencies.add((System.nanoTime() - scheduled) / 1_000);
                } else {
                  failures.add(failure(ar));
                }
                done.countDown();
              });
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      System.out.printf("    (%d requests unanswered after 60 s)%n", done.getCount());
    }
    if (!failures.isEmpty()) {
      System.out.printf("    (%d failed requests, first: %s)%n", failures.size(), failures.peek());
    }
    return sorted(latencies);
  }

  /**
   * Sends one request and reads its whole answer; the status code. The body is read in send's own
   * callback: a separate stage, run later from the (non-Vert.x) calling thread, can miss a body
   * that has already arrived (vert.x PR 4705).
   */
  private static Future<Integer> send(HttpClient http, RequestOptions options, Buffer body) {
    return http.request(options)
        .compose(req -> req.send(body).compose(r -> r.body().map(b -> r.statusCode())));
  }

  /** A 2xx answer. */
  private static boolean answered(AsyncResult<Integer> ar) {
    return ar.succeeded() && ar.result() / 100 == 2;
  }

  /** What went wrong with a request that was not answered 2xx. */
  private static String failure(AsyncResult<Integer> ar) {
    return ar.succeeded() ? "HTTP " + ar.result() : ar.cause().toString();
  }

  private static long[] sorted(ConcurrentLinkedQueue<Long> q) {
    long[] a = q.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }
}
