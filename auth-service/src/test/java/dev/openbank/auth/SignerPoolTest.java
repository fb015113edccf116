package dev.openbank.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.auth.AuthFixtures.TestClient;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint with {@code openbank.auth.signing-threads} set: tokens are signed on a pool
 * behind a bounded queue instead of on the event loop (the default, which every other test runs),
 * and a full queue is answered 503 at once.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(SignerPoolTest.OneSignerOneSlot.class)
class SignerPoolTest {

  public static class OneSignerOneSlot implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("openbank.auth.signing-threads", "1", "openbank.auth.signing-queue", "1");
    }
  }

  private static Response request(TestClient client) {
    return AuthFixtures.basic(client.clientId(), client.secret())
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token");
  }

  @Test
  void thePoolSignsTokensAndAFullQueueIsAnswered503AtOnce() throws Exception {
    TestClient client = AuthFixtures.createClient(List.of("ais"));
    String token = AuthFixtures.token(client, "ais"); // also puts the client in the cache
    JwtClaims claims =
        JwtClaims.parse(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    assertEquals(client.clientId(), claims.getSubject());

    int burst = 40;
    ExecutorService senders = Executors.newFixedThreadPool(burst);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        sent.add(
            senders.submit(
                () -> {
                  go.await();
                  return request(client);
                }));
      }
      go.countDown();
      int issued = 0;
      int refused = 0;
      for (Future<Response> f : sent) {
        Response r = f.get(60, TimeUnit.SECONDS);
        if (r.statusCode() == 200) {
          issued++;
          assertEquals("Bearer", r.jsonPath().getString("token_type"));
        } else {
          // one signer and one waiting slot: the rest are turned away, not queued
          assertEquals(503, r.statusCode(), r.asString());
          assertEquals("temporarily_unavailable", r.jsonPath().getString("error"));
          assertEquals("1", r.header("Retry-After"));
          assertEquals("no-store", r.header("Cache-Control"));
          refused++;
        }
      }
      assertTrue(issued >= 1, "the pool still issues tokens under the burst");
      assertTrue(refused >= 1, "a full queue answers 503: " + issued + " issued");
    } finally {
      senders.shutdownNow();
    }
  }
}
