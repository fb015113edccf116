package dev.openbank.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.auth.repository.UsedAssertions;
import dev.openbank.testsupport.RealInfrastructure;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Grouped jti claims against the real database: single use holds however claims are grouped. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class UsedAssertionsTest {

  @Inject UsedAssertions used;
  @Inject MeterRegistry metrics;
  @Inject io.vertx.mutiny.sqlclient.Pool pool;

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void concurrentClaimsAreGroupedAndEachJtiIsGrantedExactlyOnce() throws Exception {
    String client = "cl_batch_" + UUID.randomUUID();
    Instant expires = Instant.now().plusSeconds(300);
    // one jti claimed before: every later claim of it is a replay
    String used0 = "jti-used";
    assertTrue(used.claim(client, used0, expires).await().atMost(WAIT));
    DistributionSummary batches = metrics.get("openbank.auth.jti_claims").summary();
    long statementsBefore = batches.count();

    int distinct = 40;
    int copies = 5;
    List<String> jtis = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      for (int c = 0; c < copies; c++) {
        jtis.add("jti-" + i);
      }
    }
    for (int c = 0; c < copies; c++) {
      jtis.add(used0);
    }
    java.util.Collections.shuffle(jtis);
    // from several threads at once, as concurrent token requests on several event loops would
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    try {
      for (String jti : jtis) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        answers.add(answer);
        threads.execute(
            () -> {
              try {
                start.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              used.claim(client, jti, expires)
                  .subscribe()
                  .with(answer::complete, answer::completeExceptionally);
            });
      }
      start.countDown();
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }

    Map<String, Integer> granted = new HashMap<>();
    for (int i = 0; i < jtis.size(); i++) {
      if (answers.get(i).get()) {
        granted.merge(jtis.get(i), 1, Integer::sum);
      }
    }
    assertEquals(distinct, granted.size(), "every new jti granted to someone: " + granted);
    granted.forEach((jti, n) -> assertEquals(1, n, jti + " granted once"));
    assertFalse(granted.containsKey(used0), "a jti used before stays used");
    assertEquals(
        distinct + 1L,
        AuthFixtures.count(
            pool, "SELECT count(*) AS n FROM used_assertion WHERE client_id = $1", client));
    long statements = batches.count() - statementsBefore;
    assertTrue(
        statements < jtis.size() && batches.max() > 1,
        jtis.size() + " claims took " + statements + " statements");
    // the claims stay single use afterwards, one by one
    assertFalse(used.claim(client, "jti-7", expires).await().atMost(WAIT));
    assertTrue(used.claim(client, "jti-new", expires).await().atMost(WAIT));
  }

  @Test
  void aFailedStatementFailsItsClaimsAndTheNextClaimsStillWork() {
    String client = "cl_fail_" + UUID.randomUUID();
    Instant expires = Instant.now().plusSeconds(300);
    // a NUL character, which PostgreSQL's text refuses (ClientAssertions never sends one)
    CompletableFuture<Boolean> refused =
        used.claim(client, "bad\u0000jti", expires).subscribeAsCompletionStage();
    java.util.concurrent.ExecutionException e =
        assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> refused.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("0x00"), "PostgreSQL's refusal: " + e.getCause());
    assertTrue(used.claim(client, "good-jti", expires).await().atMost(WAIT));
    assertFalse(used.claim(client, "good-jti", expires).await().atMost(WAIT));
  }
}
