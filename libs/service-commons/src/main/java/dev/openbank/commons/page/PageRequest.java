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

  /**
   * {@code " LIMIT n"} with {@code n} written into the SQL, not bound as a parameter. With {@code
   * LIMIT $n} PostgreSQL's generic plan of a prepared statement assumes a tenth of the table, costs
   * far more than any custom plan, and is never chosen: every execution is planned again, which
   * costs more than running a keyset page (0.1-0.2 ms against 0.09 ms for 51 transactions). With
   * the number in the text the statement gets a generic plan after five executions. {@code n} is an
   * int, so nothing but digits reaches the SQL; each distinct {@code n} is its own prepared
   * statement (at most 251 for pages).
   *
   * @param rows at least 1
   */
  public static String sqlLimit(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a LIMIT of at least 1, not " + rows);
    }
    return " LIMIT " + rows;
  }

  /** The cursor of a possibly absent pagination object, or null for the first page. */
  public static String afterOf(PageRequest page) {
    return page == null ? null : page.after();
  }
}
