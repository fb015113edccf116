package dev.openbank.auth.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SigningExecutorTest {

  @Test
  void aFullQueueRejectsAtOnceInsteadOfGrowing() throws Exception {
    SigningExecutor executor = new SigningExecutor(1, 1);
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch queuedRan = new CountDownLatch(1);
    executor.execute(
        () -> {
          busy.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertTrue(busy.await(5, TimeUnit.SECONDS));
    executor.execute(queuedRan::countDown); // waits in the queue
    assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> {}));
    release.countDown();
    assertTrue(queuedRan.await(5, TimeUnit.SECONDS), "queued work still runs");
  }
}
