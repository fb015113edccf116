package dev.openbank.bench;

/**
 * How every benchmark's main runs: any failure ends the JVM, so no child service is left running.
 */
final class BenchMain {

  /** A benchmark's body. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private BenchMain() {}

  static void exitOnFailure(Body body) {
    try {
      body.run();
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** The value of {@code --name=value} among the arguments, else {@code fallback}. */
  static String option(String[] args, String name, String fallback) {
    for (String a : args) {
      if (a.startsWith("--" + name + "=")) {
        return a.substring(name.length() + 3);
      }
    }
    return fallback;
  }

  /** The {@code p}th percentile, in milliseconds, of latencies in microseconds sorted ascending. */
  static double pct(long[] sorted, double p) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)]
            / 1000.0;
  }

  /** 32 random bytes, base64: a secret for a service started by a benchmark. */
  static String random32() {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.Base64.getEncoder().encodeToString(b);
  }
}
