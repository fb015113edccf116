package dev.openbank.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The machine's bare signing rate: JCA signatures of a JWT-sized input on every core, with the JDK
 * that also runs the service. No token server can beat it.
 */
final class SigningCeiling {

  /**
   * The rate, and how long single signatures took: with nothing else running, the slowest ones show
   * how much the machine itself stalls a thread, which no server can hide from its p99.
   */
  record Result(
      double perSecond, double p50Millis, double p99Millis, double p999Millis, double maxMillis) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%.0f/s (one signature: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, longest %.1f ms)",
          perSecond,
          p50Millis,
          p99Millis,
          p999Millis,
          maxMillis);
    }
  }

  private SigningCeiling() {}

  /** Rate after 8 s of warm-up: long enough for the JIT (2 s was not on JDK 17). */
  static Result measure(String alg, int threads, int seconds) throws Exception {
    return measure(alg, threads, seconds, 8);
  }

  static Result measure(String alg, int threads, int seconds, int warmSeconds) throws Exception {
    KeyPair pair;
    String jca;
    if (alg.equals("ES256")) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      pair = g.generateKeyPair();
      jca = "SHA256withECDSA";
    } else {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      pair = g.generateKeyPair();
      jca = "SHA256withRSA";
    }
    byte[] input = new byte[420];
    LongAdder count = new LongAdder();
    long warmEnd = System.nanoTime() + warmSeconds * 1_000_000_000L;
    long end = warmEnd + seconds * 1_000_000_000L;
    long[][] took = new long[threads][];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int slot = t;
      workers[t] =
          new Thread(
              () -> {
                try {
                  Signature s = Signature.getInstance(jca);
                  // microseconds, as BenchMain.pct takes them
                  long[] times = new long[1 << 16];
                  int n = 0;
                  long start;
                  while ((start = System.nanoTime()) < end) {
                    s.initSign(pair.getPrivate());
                    s.update(input);
                    s.sign();
                    if (start >= warmEnd) {
                      count.increment();
                      if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                      }
                      times[n++] = (System.nanoTime() - start) / 1000;
                    }
                  }
                  took[slot] = Arrays.copyOf(times, n);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    long[] all = Arrays.stream(took).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(
        count.sum() / (double) seconds,
        BenchMain.pct(all, 50),
        BenchMain.pct(all, 99),
        BenchMain.pct(all, 99.9),
        BenchMain.pct(all, 100));
  }
}
