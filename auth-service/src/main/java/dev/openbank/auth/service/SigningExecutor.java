package dev.openbank.auth.service;

import dev.openbank.auth.config.AuthConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that sign tokens when {@code openbank.auth.signing-threads} is set (by default tokens
 * are signed on the event loop, see {@code TokenService}), fed from one bounded FIFO queue. When
 * the queue is full, {@link #execute} throws {@link RejectedExecutionException} and the token
 * endpoint answers 503 at once, rather than letting latency grow without bound and signing tokens
 * for clients that have already given up.
 */
@ApplicationScoped
public class SigningExecutor implements Executor {

  private final ThreadPoolExecutor pool;

  @Inject
  public SigningExecutor(AuthConfig config) {
    this(Math.max(1, config.signingThreads()), config.signingQueue());
  }

  SigningExecutor(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "token-signer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  void stop(@Observes ShutdownEvent event) {
    pool.shutdown();
  }
}
