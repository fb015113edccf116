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
}
