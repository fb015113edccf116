package dev.openbank.commons.schema;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * A Flyway migration version ({@code 4}, {@code 0.1}, {@code 2.10}): dot-separated whole numbers,
 * compared part by part as Flyway does ({@code 2.10} is after {@code 2.9}; {@code 1} equals {@code
 * 1.0}).
 */
public record SchemaVersion(BigInteger[] parts) implements Comparable<SchemaVersion> {

  /**
   * @throws IllegalArgumentException if {@code version} is not dot-separated whole numbers
   */
  public static SchemaVersion parse(String version) {
    if (version == null || !version.matches("\\d+(\\.\\d+)*")) {
      throw new IllegalArgumentException("not a migration version: " + version);
    }
    return new SchemaVersion(
        Arrays.stream(version.split("\\.")).map(BigInteger::new).toArray(BigInteger[]::new));
  }

  /** The highest of {@code versions}, or empty when there are none. */
  public static Optional<SchemaVersion> highest(Collection<String> versions) {
    return versions.stream().map(SchemaVersion::parse).max(SchemaVersion::compareTo);
  }

  @Override
  public int compareTo(SchemaVersion other) {
    for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
      BigInteger a = i < parts.length ? parts[i] : BigInteger.ZERO;
      BigInteger b = i < other.parts.length ? other.parts[i] : BigInteger.ZERO;
      int c = a.compareTo(b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    int n = parts.length;
    while (n > 1 && parts[n - 1].signum() == 0) {
      n--;
    }
    return Arrays.hashCode(Arrays.copyOf(parts, n));
  }

  @Override
  public String toString() {
    return String.join(".", Arrays.stream(parts).map(BigInteger::toString).toList());
  }
}
