package dev.openbank.commons.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IdempotentConsumerTest {

  @Inject IdempotentConsumer consumer;
  @Inject Pool pool;

  private Uni<Void> insert(io.vertx.mutiny.sqlclient.SqlConnection tx, String id) {
    return tx.preparedQuery("INSERT INTO item (id, status) VALUES ($1, 'seen')")
        .execute(Tuple.of(id))
        .replaceWithVoid();
  }

  @Test
  void aRedeliveredEventIsHandledOnce() {
    UUID eventId = UUID.randomUUID();
    String id = "inbox-" + eventId;
    AtomicInteger runs = new AtomicInteger();
    assertTrue(
        consumer
            .processOnce(
                "test",
                eventId,
                tx -> {
                  runs.incrementAndGet();
                  return insert(tx, id);
                })
            .await()
            .indefinitely());
    assertFalse(
        consumer
            .processOnce(
                "test",
                eventId,
                tx -> {
                  runs.incrementAndGet();
                  return insert(tx, id);
                })
            .await()
            .indefinitely());
    assertEquals(1, runs.get());
  }

  @Test
  void aFailedHandlerIsNotRecordedAndRunsAgain() {
    UUID eventId = UUID.randomUUID();
    String id = "inbox-" + eventId;
    assertThrows(
        IllegalStateException.class,
        () ->
            consumer
                .processOnce(
                    "test",
                    eventId,
                    tx ->
                        insert(tx, id)
                            .flatMap(v -> Uni.createFrom().failure(new IllegalStateException())))
                .await()
                .indefinitely());
    assertTrue(consumer.processOnce("test", eventId, tx -> insert(tx, id)).await().indefinitely());
  }

  @Test
  void twoConsumersOfOneEventEachRunOnce() {
    UUID eventId = UUID.randomUUID();
    assertTrue(
        consumer
            .processOnce("a", eventId, tx -> Uni.createFrom().voidItem())
            .await()
            .indefinitely());
    assertTrue(
        consumer
            .processOnce("b", eventId, tx -> Uni.createFrom().voidItem())
            .await()
            .indefinitely());
  }
}
