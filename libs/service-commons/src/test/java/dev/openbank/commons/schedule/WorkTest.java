package dev.openbank.commons.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkTest {

  @Test
  void inOrderDoesEachItemInTurnAndStopsAtTheFirstFailure() {
    List<Integer> done = new ArrayList<>();
    Work.inOrder(List.of(1, 2, 3), i -> Uni.createFrom().voidItem().invoke(() -> done.add(i)))
        .await()
        .indefinitely();
    assertEquals(List.of(1, 2, 3), done);

    done.clear();
    Uni<Void> failing =
        Work.inOrder(
            List.of(1, 2, 3),
            i ->
                i == 2
                    ? Uni.createFrom().failure(new IllegalStateException("two"))
                    : Uni.createFrom().voidItem().invoke(() -> done.add(i)));
    assertThrows(IllegalStateException.class, () -> failing.await().indefinitely());
    assertEquals(List.of(1), done, "nothing after the failure");
  }

  @Test
  void drainRunsBatchesWhileTheyComeBackFull() {
    AtomicInteger left = new AtomicInteger(250);
    AtomicInteger batches = new AtomicInteger();
    Work.drain(
            () -> {
              batches.incrementAndGet();
              int n = Math.min(100, left.get());
              left.addAndGet(-n);
              return Uni.createFrom().item(n);
            },
            100)
        .await()
        .indefinitely();
    assertEquals(0, left.get());
    assertEquals(3, batches.get(), "100, 100, then 50 (not full): done");
  }
}
