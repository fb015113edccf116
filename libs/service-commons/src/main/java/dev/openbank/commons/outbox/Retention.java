package dev.openbank.commons.outbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes published outbox rows and old inbox rows. Inbox rows must outlive any redelivery, so they
 * are kept longer than the Kafka topics' retention (7 days by default).
 */
@ApplicationScoped
public class Retention {

  private final Pool pool;
  private final Duration outbox;
  private final Duration inbox;

  public Retention(
      Pool pool,
      @ConfigProperty(name = "openbank.outbox.retention", defaultValue = "P7D") Duration outbox,
      @ConfigProperty(name = "openbank.inbox.retention", defaultValue = "P14D") Duration inbox) {
    this.pool = pool;
    this.outbox = outbox;
    this.inbox = inbox;
  }

  @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    return pool.preparedQuery(
            "DELETE FROM outbox_event WHERE published_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of(outbox.toSeconds()))
        .flatMap(
            r ->
                pool.preparedQuery(
                        "DELETE FROM inbox_event WHERE processed_at < now() - make_interval(secs => $1)")
                    .execute(Tuple.of(inbox.toSeconds())))
        .replaceWithVoid();
  }
}
