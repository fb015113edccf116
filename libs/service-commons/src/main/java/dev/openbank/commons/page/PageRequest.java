package dev.openbank.commons.page;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * The {@code pagination} object of every v2 list request (seed 004): {@code limit} 1-250, default
 * 50, and {@code after}, the opaque cursor from the previous page.
 */
@RegisterForReflection
public record PageRequest(@Min(1) @Max(250) Integer limit, @Size(max = 2048) String after) {

  /** The page size when the request names none. */
  public static final int DEFAULT_LIMIT = 50;

  /** The limit to use for a possibly absent pagination object. */
  public static int limitOf(PageRequest page) {
    return page == null || page.limit() == null ? DEFAULT_LIMIT : page.limit();
  }

  /** The cursor of a possibly absent pagination object, or null for the first page. */
  public static String afterOf(PageRequest page) {
    return page == null ? null : page.after();
  }
}
