package dev.openbank.commons.schedule;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Running a scheduled batch: every item's work, some at a time, one failure not stopping others.
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
}
