package dev.openbank.commons.schedule;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Running batches of work: every item's work, some at a time, one failure not stopping others
 * ({@link #each}); every item's work in order, the first failure failing all (for writes in one
 * transaction, {@link #inOrder}); and batches again while they come back full ({@link #drain}).
 */
public final class Work {

  private Work() {}

  /**
   * Does {@code work} for every item, at most {@code concurrency} at once; a failed item is handed
   * to {@code onFailure} (to log it) and the others go on.
   */
  public static <T> Uni<Void> each(
      List<T> items,
      int concurrency,
      Function<T, Uni<Void>> work,
      BiConsumer<T, Throwable> onFailure) {
    if (items.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Uni<Void>> all =
        items.stream()
            .map(
                item ->
                    work.apply(item)
                        .onFailure()
                        .recoverWithUni(
                            e -> {
                              onFailure.accept(item, e);
                              return Uni.createFrom().voidItem();
                            }))
            .toList();
    return Uni.join().all(all).usingConcurrencyOf(concurrency).andFailFast().replaceWithVoid();
  }

  /**
   * Does {@code work} for every item, one after the other, in order; the first failure fails the
   * whole (the caller's transaction then rolls back).
   */
  public static <T> Uni<Void> inOrder(List<T> items, Function<T, Uni<Void>> work) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (T item : items) {
      chain = chain.chain(() -> work.apply(item));
    }
    return chain;
  }

  /**
   * Runs {@code batch} again while it reports a full batch ({@code full} or more items done): a
   * backlog is worked off in one scheduled run, a batch at a time.
   */
  public static Uni<Void> drain(Supplier<Uni<Integer>> batch, int full) {
    return batch.get().chain(n -> n >= full ? drain(batch, full) : Uni.createFrom().voidItem());
  }
}
