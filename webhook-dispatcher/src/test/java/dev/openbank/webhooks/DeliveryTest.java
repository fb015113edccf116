package dev.openbank.webhooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.commons.events.StatusEvents;
import dev.openbank.testsupport.AuthServiceClient.ApiClient;
import dev.openbank.testsupport.OpenApiContract;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@WithTestResource(RealAuthService.class)
class DeliveryTest {

  private Receiver receiver;
  private ApiClient client;
  private String token;

  @BeforeEach
  void setUp() {
    receiver = new Receiver();
    client = RealAuthService.shared().createClient("sandbox", "webhooks");
    token = RealAuthService.shared().token(client);
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  private ValidatableResponse post(String path, Object body) {
    return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
  }

  private void awaitHits(String path, int n) {
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.hits(path).size() >= n);
  }

  private Map<String, Object> delivery(String eventId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                !post("/v2/webhooks/deliveries/list", Map.of("filter", Map.of("event_id", eventId)))
                    .extract()
                    .<List<?>>path("deliveries")
                    .isEmpty());
    return post("/v2/webhooks/deliveries/list", Map.of("filter", Map.of("event_id", eventId)))
        .statusCode(200)
        .extract()
        .path("deliveries[0]");
  }

  private Map<String, Object> awaitStatus(String eventId, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> status.equals(delivery(eventId).get("status")));
    return delivery(eventId);
  }

  @Test
  void everyWebhookVerifiesAgainstTheJwksAndCarriesTheSeedFields() throws Exception {
    String eventId = Events.link(client.clientId(), receiver.url("/ok"), "link-1", "completed");
    awaitHits("/ok", 1);
    Receiver.Hit hit = receiver.hits("/ok").get(0);
    Verifier.verify(hit, Verifier.jwks());
    String body = new String(hit.body(), StandardCharsets.UTF_8);
    assertTrue(
        body.startsWith("{\"event_id\":\"" + eventId + "\",\"type\":\"link_status_update\""), body);
    assertTrue(
        body.contains("\"link_id\":\"link-1\"") && body.contains("\"status\":\"completed\""), body);
    assertTrue(body.contains("\"web_id\""), body);
    assertFalse(body.contains("client_id") || body.contains("webhook_url"), body);
    assertEquals("application/json", hit.header("content-type"));
    assertTrue(hit.header("x-webhook-timestamp").matches("\\d{10}"));
    Map<String, Object> d = awaitStatus(eventId, "succeeded");
    assertEquals(d.get("delivery_id"), hit.header("x-webhook-id"));
    assertEquals(1, d.get("attempt_count"));
    given().get("/.well-known/jwks.json").then().body("keys.size()", equalTo(2));
  }

  @Test
  void aRedeliveredEventIsDeliveredOnce() {
    String url = receiver.url("/once");
    String json =
        Events.json(
            java.util.UUID.randomUUID().toString(),
            StatusEvents.LINK_STATUS_UPDATE,
            client.clientId(),
            url,
            Map.of("link_id", "link-dup", "status", "pending"));
    Events.publishRaw(StatusEvents.LINK_TOPIC, "link-dup", json);
    Events.publishRaw(StatusEvents.LINK_TOPIC, "link-dup", json);
    awaitHits("/once", 1);
    Awaitility.await()
        .during(Duration.ofSeconds(1))
        .until(() -> receiver.hits("/once").size() == 1);
    post("/v2/events/list", Map.of()).statusCode(200).body("events.size()", equalTo(1));
  }

  @Test
  void failuresAreRetriedWithTheSameIdAndEveryAttemptIsLogged() throws Exception {
    receiver.script("/flaky", n -> n <= 2 ? 503 : 200);
    String eventId = Events.link(client.clientId(), receiver.url("/flaky"), "link-2", "pending");
    Map<String, Object> d = awaitStatus(eventId, "succeeded");
    List<Receiver.Hit> hits = receiver.hits("/flaky");
    assertEquals(3, hits.size());
    assertEquals(1, hits.stream().map(h -> h.header("x-webhook-id")).distinct().count());
    String jwks = Verifier.jwks();
    for (Receiver.Hit h : hits) {
      Verifier.verify(h, jwks);
    }
    assertEquals(3, d.get("attempt_count"));
    post("/v2/webhooks/deliveries/list", Map.of("filter", Map.of("event_id", eventId)))
        .body("deliveries[0].attempts.status_code", contains(503, 503, 200))
        .body("deliveries[0].attempts.attempt", contains(1, 2, 3));
  }

  @Test
  void retryAfterIsHonoured() {
    receiver.script("/limited", n -> n == 1 ? 429 : 200).retryAfter("/limited", "2");
    String eventId = Events.link(client.clientId(), receiver.url("/limited"), "link-3", "pending");
    awaitStatus(eventId, "succeeded");
    List<Receiver.Hit> hits = receiver.hits("/limited");
    long gap = hits.get(1).at() - hits.get(0).at();
    assertTrue(gap >= 1900, "waited " + gap + " ms for Retry-After: 2");
  }

  @Test
  void refusalsAreNotRetriedAndAnExhaustedScheduleIsDeadUntilRetriedByHand() {
    receiver.script("/gone", n -> 410);
    String gone = Events.link(client.clientId(), receiver.url("/gone"), "link-4", "pending");
    assertEquals(1, awaitStatus(gone, "failed").get("attempt_count"));

    receiver.script("/broken", n -> n <= 5 ? 500 : 204);
    String dead = Events.link(client.clientId(), receiver.url("/broken"), "link-5", "pending");
    Map<String, Object> d = awaitStatus(dead, "dead");
    assertEquals(5, d.get("attempt_count"), "the first attempt and four retries");
    post("/v2/webhooks/deliveries/retry", Map.of("delivery_ids", List.of(d.get("delivery_id"))))
        .statusCode(200)
        .body("retried", contains(d.get("delivery_id")));
    assertEquals(6, awaitStatus(dead, "succeeded").get("attempt_count"));
  }

  /**
   * A delivery waits (shown as pending) while an earlier one of its object is retried, and gets its
   * turn when that one ends, refused or dead; a manual retry then goes before the object's later
   * events that are still waiting.
   */
  @Test
  void laterEventsOfAnObjectWaitForTheEarlierOneAndGoWhenItEnds() {
    String url = receiver.url("/queue");
    // hits 1-5 fail (the first delivery's whole schedule), 6 is refused, the rest succeed
    receiver.script("/queue", n -> n <= 5 ? 500 : n == 6 ? 410 : 204);
    String first = Events.link(client.clientId(), url, "link-queue", "status-1");
    String second = Events.link(client.clientId(), url, "link-queue", "status-2");
    String third = Events.link(client.clientId(), url, "link-queue", "status-3");
    awaitHits("/queue", 2);
    assertEquals("pending", delivery(second).get("status"), "waits behind the first");
    assertEquals(0, delivery(second).get("attempt_count"));

    assertEquals(5, awaitStatus(first, "dead").get("attempt_count"));
    assertEquals(1, awaitStatus(second, "failed").get("attempt_count"), "then refused");
    assertEquals(1, awaitStatus(third, "succeeded").get("attempt_count"));
    assertEquals(
        List.of("status-1", "status-1", "status-1", "status-1", "status-1", "status-2", "status-3"),
        statuses("/queue", "link-queue"));

    // the first again by hand, and a new event of the object while it is on its way
    receiver.script("/queue", n -> 204);
    post(
            "/v2/webhooks/deliveries/retry",
            Map.of("delivery_ids", List.of(delivery(first).get("delivery_id"))))
        .statusCode(200);
    String fourth = Events.link(client.clientId(), url, "link-queue", "status-4");
    awaitStatus(fourth, "succeeded");
    assertEquals(6, awaitStatus(first, "succeeded").get("attempt_count"));
    List<String> all = statuses("/queue", "link-queue");
    assertEquals(List.of("status-1", "status-4"), all.subList(7, all.size()));
  }

  @Test
  void anEndpointThatIsDownForAWhileGetsEveryEventAfterwardsInOrderPerObject() throws Exception {
    String url = receiver.url("/down");
    receiver.stop();
    for (int i = 1; i <= 3; i++) {
      Events.link(client.clientId(), url, "link-ordered", "status-" + i);
    }
    Events.link(client.clientId(), url, "link-other", "status-x");
    Thread.sleep(1200);
    receiver.restart();
    awaitHits("/down", 4);
    assertEquals(List.of("status-1", "status-2", "status-3"), statuses("/down", "link-ordered"));
  }

  /**
   * A new event whose object has nothing waiting is sent straight from the consumer (counted in
   * openbank_webhooks_direct_total); events of one object still leave in their order, whether they
   * went straight out or (arriving while an earlier one was on its way) through a round.
   */
  @Test
  void newEventsAreSentStraightAwayAndEventsOfOneObjectInTheirOrder() {
    double before = directDeliveries();
    String url = receiver.url("/burst");
    for (int i = 1; i <= 10; i++) {
      Events.link(client.clientId(), url, "link-burst", "status-" + i);
      Events.link(client.clientId(), url, "link-single-" + i, "pending");
    }
    awaitHits("/burst", 20);
    assertEquals(
        java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "status-" + i).toList(),
        statuses("/burst", "link-burst"));
    double direct = directDeliveries() - before;
    assertTrue(direct >= 10, "at least the ten single events went straight out: " + direct);
  }

  /** The statuses the receiver got at {@code path} for one link, in the order they arrived. */
  private List<String> statuses(String path, String linkId) {
    return receiver.hits(path).stream()
        .map(h -> new String(h.body(), StandardCharsets.UTF_8))
        .filter(b -> b.contains("\"link_id\":\"" + linkId + "\""))
        .map(b -> b.replaceAll(".*\"status\":\"([^\"]+)\".*", "$1"))
        .toList();
  }

  private static double directDeliveries() {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("openbank_webhooks_direct_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void internalTargetsAreRefusedAfterDns() {
    Map<String, String> targets =
        Map.of(
            "http://127.0.0.1:9/hook", "loopback",
            "http://10.1.2.3/hook", "private",
            "http://169.254.169.254/latest/meta-data", "link-local",
            "http://localhost:9/hook", "loopback");
    targets.forEach(
        (url, why) -> {
          String eventId = Events.link(client.clientId(), url, "link-ssrf", "pending");
          Map<String, Object> d = awaitStatus(eventId, "failed");
          assertTrue(String.valueOf(d.get("last_error")).contains(why), url + ": " + d);
        });
  }

  @Test
  void theLogAndTheFeedShowOnlyTheCallersOwn() {
    String mine = Events.link(client.clientId(), receiver.url("/mine"), "link-6", "completed");
    Map<String, Object> d = delivery(mine);
    String feedOnly =
        Events.publish(
            StatusEvents.CONSENT_TOPIC,
            StatusEvents.CONSENT_STATUS_UPDATE,
            "consent-1",
            client.clientId(),
            null,
            Map.of("consent_id", "consent-1", "status", "active"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> post("/v2/events/list", Map.of()).extract().<List<?>>path("events").size() == 2);
    post("/v2/events/list", Map.of("filter", Map.of("type", "consent_status_update")))
        .body("events.event_id", contains(feedOnly))
        .body("events[0].data.consent_id", equalTo("consent-1"))
        .body("events[0].data.status", equalTo("active"));

    // the feed always hands back a cursor to poll from, also on its last page
    String cursor = post("/v2/events/list", Map.of()).extract().path("pagination.after");
    post("/v2/events/list", Map.of("pagination", Map.of("after", cursor)))
        .body("events.size()", equalTo(0))
        .body("pagination.after", equalTo(cursor));
    String later = Events.link(client.clientId(), null, "link-7", "completed");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                post("/v2/events/list", Map.of("pagination", Map.of("after", cursor)))
                    .extract()
                    .<List<String>>path("events.event_id")
                    .equals(List.of(later)));

    ApiClient other = RealAuthService.shared().createClient("sandbox", "webhooks");
    String otherToken = RealAuthService.shared().token(other);
    given()
        .auth()
        .oauth2(otherToken)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/v2/events/list")
        .then()
        .statusCode(200)
        .body("events.size()", equalTo(0));
    given()
        .auth()
        .oauth2(otherToken)
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/v2/webhooks/deliveries/list")
        .then()
        .statusCode(200)
        .body("deliveries.size()", equalTo(0));
    given()
        .auth()
        .oauth2(otherToken)
        .contentType(ContentType.JSON)
        .body(Map.of("delivery_ids", List.of(d.get("delivery_id"))))
        .post("/v2/webhooks/deliveries/retry")
        .then()
        .statusCode(404)
        .body("field", equalTo("delivery_ids[0]"));
    given()
        .auth()
        .oauth2(RealAuthService.shared().tokenFor("sandbox", "providers"))
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/v2/events/list")
        .then()
        .statusCode(403);
  }

  @Test
  void finishedDeliveriesAndTheirEventsAreDroppedAfterTheRetention() {
    String eventId = Events.link(client.clientId(), receiver.url("/old"), "link-8", "completed");
    awaitStatus(eventId, "succeeded");
    Integer purged = deliveries.purge(Duration.ZERO).await().atMost(Duration.ofSeconds(10));
    assertTrue(purged >= 1, "purged " + purged);
    post("/v2/webhooks/deliveries/list", Map.of("filter", Map.of("event_id", eventId)))
        .body("deliveries.size()", equalTo(0));
    post("/v2/events/list", Map.of())
        .body("events.event_id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(eventId)));
  }

  @jakarta.inject.Inject dev.openbank.webhooks.repository.DeliveryRepository deliveries;

  @Test
  void badRequestsNameTheField() {
    post("/v2/webhooks/deliveries/list", Map.of("filter", Map.of("status", "lost")))
        .statusCode(400)
        .body("field", equalTo("filter.status"));
    post("/v2/webhooks/deliveries/retry", Map.of("delivery_ids", List.of()))
        .statusCode(400)
        .body("field", equalTo("delivery_ids"));
    post("/v2/webhooks/deliveries/retry", Map.of("delivery_ids", List.of("nope")))
        .statusCode(400)
        .body("field", containsString("delivery_ids"));
    post("/v2/events/list", Map.of("pagination", Map.of("limit", 0)))
        .statusCode(400)
        .body("field", equalTo("pagination.limit"));
  }

  /** The document served at /q/openapi is the one the code generates (OpenApiContract). */
  @Test
  void servesTheOpenApiDocumentItsCodeGenerates() throws Exception {
    OpenApiContract.check();
  }
}
