package dev.openbank.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.ServiceDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged dispatcher instances share one database and rotate keys every 3 s while events flow.
 * Every webhook is verified on arrival against the JWKS of one instance or the other, as a merchant
 * behind a load balancer would: none may be signed with a key missing from either.
 */
class KeyRotationIT {

  private static final List<Process> INSTANCES = new ArrayList<>();
  private static final List<String> URLS = new ArrayList<>();

  @BeforeAll
  static void startTwoInstances() throws Exception {
    ServiceDatabase db = EmbeddedPostgresServer.provision("webhooks");
    String kafka = EmbeddedKafkaBroker.bootstrapServers();
    for (int i = 0; i < 2; i++) {
      int port = PackagedService.freePort();
      Process p =
          PackagedService.start(
              Path.of("target/quarkus-app/quarkus-run.jar"),
              Path.of("target/dispatcher-it-" + i + ".log"),
              db.environment(
                  "WEBHOOKS",
                  Map.ofEntries(
                      Map.entry("QUARKUS_HTTP_PORT", String.valueOf(port)),
                      Map.entry(
                          "WEBHOOKS_MASTER_KEY", "d2ViaG9vay1tYXN0ZXIta2V5LWZvci10ZXN0cy0zMmI="),
                      Map.entry(
                          "WEBHOOKS_CURSOR_SECRET", "aXQtY3Vyc29yLXNlY3JldC1pdC1jdXJzb3Itc2VjcmV0"),
                      Map.entry("WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.2/32"),
                      Map.entry("OPENBANK_WEBHOOKS_REQUIRE_HTTPS", "false"),
                      Map.entry("OPENBANK_WEBHOOKS_ROTATION_PERIOD", "3s"),
                      Map.entry("OPENBANK_WEBHOOKS_KEY_REFRESH", "1s"),
                      Map.entry("OPENBANK_WEBHOOKS_POLL_INTERVAL", "50ms"),
                      Map.entry("AUTH_ISSUER", "http://localhost:9"),
                      Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))),
              List.of("-Xmx256m"));
      INSTANCES.add(p);
      URLS.add("http://localhost:" + port);
    }
    for (int i = 0; i < 2; i++) {
      PackagedService.awaitReady(
          INSTANCES.get(i),
          "dispatcher " + i,
          URLS.get(i) + "/q/health/ready",
          Duration.ofSeconds(60));
    }
  }

  @AfterAll
  static void stop() {
    INSTANCES.forEach(Process::destroy);
  }

  @Test
  void everyWebhookVerifiesAcrossRotationsWithTwoInstances() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    AtomicInteger turn = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Set<String> kids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<Integer> jwksSizes = new CopyOnWriteArrayList<>();
    try (Receiver receiver = new Receiver()) {
      receiver.script(
          "/hook",
          n -> {
            Receiver.Hit hit = receiver.hits("/hook").get(n - 1);
            try {
              String jwks =
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      URLS.get(turn.getAndIncrement() % 2)
                                          + "/.well-known/jwks.json"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body();
              jwksSizes.add(new JsonWebKeySet(jwks).getJsonWebKeys().size());
              Verifier.verify(hit, jwks);
              kids.add(hit.header("x-signature-kid"));
            } catch (Exception e) {
              failures.add(e.getMessage());
            }
            return 204;
          });
      int events = 90;
      for (int i = 0; i < events; i++) {
        Events.link("client-it", receiver.url("/hook"), "link-" + (i % 7), "s" + i);
        Thread.sleep(100);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> receiver.hits("/hook").size() >= events);
      assertEquals(List.of(), failures);
      assertTrue(kids.size() >= 3, "keys used across rotations: " + kids);
      assertEquals(Set.of(2), new HashSet<>(jwksSizes), "the JWKS always lists exactly two keys");
    }
  }
}
