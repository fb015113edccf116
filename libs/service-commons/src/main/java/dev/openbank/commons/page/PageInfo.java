package dev.openbank.commons.page;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code pagination} object of every v2 list response (seed 004): how many items this page has,
 * whether there are more ({@code "more?"}), and the cursor to pass as {@code after} for them.
 */
@RegisterForReflection
public record PageInfo(int count, @JsonProperty("more?") boolean more, String after) {

  /** One page of items and its pagination object. */
  public record Slice<T>(List<T> items, PageInfo pagination) {}

  /**
   * Cuts rows fetched with {@code limit + 1} (the extra row only tells that there are more) into a
   * page, with a cursor made from the last item kept.
   */
  public static <T> Slice<T> slice(List<T> rows, int limit, Function<T, String> cursorOf) {
    boolean more = rows.size() > limit;
    List<T> page = more ? rows.subList(0, limit) : rows;
    String after = more ? cursorOf.apply(page.get(page.size() - 1)) : null;
    return new Slice<>(List.copyOf(page), new PageInfo(page.size(), more, after));
  }
}
