package dev.openbank.bench;

import static dev.openbank.bench.BenchMain.option;
import static dev.openbank.bench.BenchMain.pct;
import static dev.openbank.bench.BenchMain.random32;

import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.ServiceDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;

/**
 * The webhook benchmark (docs/benchmarks.md): status events in on Kafka, signed deliveries out to a
 * local receiver, everything on this machine. Prints deliveries/s and event-to-delivery p50/p99 at
 * full speed and at 500 events/s, the raw rate of the same HTTP client (Vert.x) posting the same
 * bodies unsigned, and the bare signing rate of the JDK, all in the same run.
 *
 * <p>Options: {@code --alg=ES256|RS256} (default ES256), {@code --events=20000}, {@code
 * --rate-seconds=20}.
 */
public final class WebhookBenchmark {

  private WebhookBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exitOnFailure(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    String alg = option(args, "alg", "ES256");
    int events = Integer.parseInt(option(args, "events", "20000"));
    int rateSeconds = Integer.parseInt(option(args, "rate-seconds", "20"));
    int rateWarmup = Integer.parseInt(option(args, "rate-warmup-seconds", "60"));
    Path root = Path.of(System.getProperty("openbank.root", ".")).toAbsolutePath();
    System.out.printf(
        "JDK %s (%s), %d cores, webhook signing %s%n",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(),
        alg);

    ServiceDatabase db = EmbeddedPostgresServer.provision("webhooks");
    String kafka = EmbeddedKafkaBroker.bootstrapServers();
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      int port = PackagedService.freePort();
      String base = "http://localhost:" + port;
      Process dispatcher =
          PackagedService.start(
              root.resolve("webhook-dispatcher/target/quarkus-app/quarkus-run.jar"),
              root.resolve("bench/target/webhook-dispatcher.log"),
              db.environment(
                  "WEBHOOKS",
                  java.util.Map.ofEntries(
                      java.util.Map.entry("QUARKUS_HTTP_PORT", String.valueOf(port)),
                      java.util.Map.entry("WEBHOOKS_MASTER_KEY", random32()),
                      java.util.Map.entry("WEBHOOKS_CURSOR_SECRET", random32()),
                      java.util.Map.entry("WEBHOOKS_SIGNING_ALGORITHM", alg),
                      java.util.Map.entry("WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8"),
                      java.util.Map.entry("OPENBANK_WEBHOOKS_REQUIRE_HTTPS", "false"),
                      java.util.Map.entry("AUTH_ISSUER", "http://localhost:9"),
                      java.util.Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))),
              List.of(
                  System.getProperty("bench.service.jvm-args", "-XX:+UseParallelGC,-Xms512m")
                      .split(",")));
      Runtime.getRuntime().addShutdownHook(new Thread(dispatcher::destroy));
      PackagedService.awaitReady(
          dispatcher, "webhook-dispatcher", base + "/q/health/ready", Duration.ofSeconds(90));

      try (KafkaProducer<String, String> producer = producer(kafka)) {
        System.out.println("==> warm-up: 10000 events");
        burst(producer, receiver, 10_000, Duration.ofMinutes(3));
        // the paced path (small Kafka batches) runs other code than a burst: the JIT compiles for
        // minutes (C2 used half a core in each JVM in a 500/s phase 20 s after the burst), so both
        // kinds of load run before anything is measured
        System.out.printf("==> warm-up: 500 events/s for %d s%n", rateWarmup);
        paced(producer, receiver, 500, rateWarmup);

        System.out.printf("==> full speed: %d events%n", events);
        receiver.latenciesMicros.clear();
        receiver.measuring = true;
        long self = ProcessHandle.current().pid();
        CpuUse cpu =
            new CpuUse()
                .group("dispatcher", CpuUse.pid(dispatcher.pid()))
                .group("PostgreSQL", CpuUse.command("postgres"))
                .group("this JVM (broker, producer, receiver)", CpuUse.pid(self));
        cpu.start("full speed", dispatcher.pid(), self);
        long start = System.nanoTime();
        burst(producer, receiver, events, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        receiver.measuring = false;
        double throughput = events / seconds;
        long[] full = sorted(receiver);
        System.out.printf(
            "    %,.0f signed deliveries/s, event-to-delivery p50 %.1f ms, p99 %.1f ms%n",
            throughput, pct(full, 50), pct(full, 99));
        cpu.print("full speed");

        System.out.printf("==> steady 500 events/s for %d s%n", rateSeconds);
        receiver.latenciesMicros.clear();
        receiver.measuring = true;
        cpu.start("steady", dispatcher.pid(), self);
        paced(producer, receiver, 500, rateSeconds);
        receiver.measuring = false;
        long[] steady = sorted(receiver);
        System.out.printf(
            "    event-to-delivery p50 %.1f ms, p99 %.1f ms (%d deliveries)%n",
            pct(steady, 50), pct(steady, 99), steady.length);
        cpu.print("500 events/s");

        verifySamples(receiver, base);

        double raw = rawHttp(receiver.url(), 10);
        double ceiling =
            SigningCeiling.measure(alg, Runtime.getRuntime().availableProcessors(), 5).perSecond();
        System.out.println();
        System.out.println(
            "=== webhook delivery results (JDK "
                + System.getProperty("java.version")
                + ", "
                + alg
                + ") ===");
        System.out.printf("signed deliveries/s (log on)   %,10.0f%n", throughput);
        System.out.printf(
            "  p50 / p99 at full speed      %6.1f / %.1f ms%n", pct(full, 50), pct(full, 99));
        System.out.printf(
            "  p50 / p99 at 500 events/s    %6.1f / %.1f ms%n", pct(steady, 50), pct(steady, 99));
        System.out.printf(
            "raw HTTP posts/s, unsigned     %,10.0f  (same Vert.x client, same bodies)%n", raw);
        System.out.printf(
            "bare %s signatures/s, 2 cores %,10.0f  -> deliveries are %.0f%% of it%n",
            alg, ceiling, 100 * throughput / ceiling);
      }
      dispatcher.destroy();
      dispatcher.waitFor(20, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static KafkaProducer<String, String> producer(String kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    return new KafkaProducer<>(p);
  }

  private static String event(String url, int i) {
    String link = "link-" + (i % 1000);
    return "{\"event_id\":\""
        + UUID.randomUUID()
        + "\",\"type\":\"link_status_update\",\"occurred_at\":\""
        + Instant.now()
        + "\",\"client_id\":\"bench-client\",\"webhook_url\":\""
        + url
        + "\",\"link_id\":\""
        + link
        + "\",\"web_id\":\"w"
        + (i % 1000)
        + "\",\"status\":\"pending\"}";
  }

  private static void send(KafkaProducer<String, String> producer, String url, int i) {
    producer.send(new ProducerRecord<>("pis-link-status", "link-" + (i % 1000), event(url, i)));
  }

  private static void burst(
      KafkaProducer<String, String> producer, WebhookReceiver receiver, int n, Duration timeout)
      throws InterruptedException {
    long target = receiver.received.get() + n;
    for (int i = 0; i < n; i++) {
      send(producer, receiver.url(), i);
    }
    producer.flush();
    awaitReceived(receiver, target, timeout);
  }

  private static void paced(
      KafkaProducer<String, String> producer, WebhookReceiver receiver, int perSecond, int seconds)
      throws InterruptedException {
    long target = receiver.received.get() + (long) perSecond * seconds;
    long start = System.nanoTime();
    for (int i = 0; i < perSecond * seconds; i++) {
      long due = start + (long) (i * (1e9 / perSecond));
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      send(producer, receiver.url(), i);
    }
    producer.flush();
    awaitReceived(receiver, target, Duration.ofMinutes(2));
  }

  private static void awaitReceived(WebhookReceiver receiver, long target, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (receiver.received.get() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + receiver.received.get() + " of " + target + " delivered");
      }
      Thread.sleep(5);
    }
  }

  /** Checks sampled deliveries the way merchants do, so the figures are of real signed webhooks. */
  private static void verifySamples(WebhookReceiver receiver, String base) throws Exception {
    String jwks =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    JsonWebKeySet set = new JsonWebKeySet(jwks);
    int checked = 0;
    var headers = receiver.sampleHeaders.iterator();
    for (byte[] body : receiver.samples) {
      String[] h = headers.next();
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(h[0]);
      jws.setKey(
          set.getJsonWebKeys().stream()
              .filter(k -> k.getKeyId().equals(h[1]))
              .findFirst()
              .orElseThrow()
              .getKey());
      if (!jws.verifySignature() || !Arrays.equals(jws.getPayloadBytes(), body)) {
        throw new IllegalStateException("a sampled webhook does not verify");
      }
      checked++;
    }
    System.out.printf("    %d sampled webhooks verified against the JWKS%n", checked);
  }

  /** The same Vert.x HTTP client posting the same kind of body, unsigned, 64 in flight. */
  private static double rawHttp(String url, int seconds) throws Exception {
    Vertx vertx = Vertx.vertx();
    URI u = URI.create(url);
    HttpClient client =
        vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
    Buffer body = Buffer.buffer(event(url, 1));
    Semaphore inFlight = new Semaphore(64);
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + (seconds + 3) * 1_000_000_000L;
    long measureFrom = System.nanoTime() + 3_000_000_000L;
    AtomicLong measured = new AtomicLong();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      client
          .request(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setHost(u.getHost())
                  .setPort(u.getPort())
                  .setURI(u.getPath())
                  .setTimeout(5_000))
          // the body is read in send's own callback (see LinkBenchmark: no lost bodies)
          .compose(req -> req.send(body).compose(r -> r.body()))
          .onComplete(
              ar -> {
                if (ar.succeeded() && System.nanoTime() >= measureFrom) {
                  measured.incrementAndGet();
                }
                done.incrementAndGet();
                inFlight.release();
              });
    }
    if (!inFlight.tryAcquire(64, 15, TimeUnit.SECONDS)) {
      System.out.println("    (some raw requests never finished)");
    }
    CountDownLatch closed = new CountDownLatch(1);
    vertx.close().onComplete(ar -> closed.countDown());
    closed.await(10, TimeUnit.SECONDS);
    return measured.get() / (double) seconds;
  }

  private static long[] sorted(WebhookReceiver r) {
    long[] all = r.latenciesMicros.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(all);
    return all;
  }
}
