package dev.openbank.auth.service;

import dev.openbank.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads that sign tokens: one per core by default, fed from one FIFO queue. */
@ApplicationScoped
public class SigningExecutor implements Executor {

  private final ExecutorService pool;

  public SigningExecutor(AuthConfig config) {
    int threads =
        config.signingThreads() > 0
            ? config.signingThreads()
            : Runtime.getRuntime().availableProcessors();
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "token-signer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  void stop(@Observes ShutdownEvent event) {
    pool.shutdown();
  }
}
