package dev.openbank.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.LongAdder;

/**
 * The machine's bare signing rate: JCA signatures of a JWT-sized input on every core, with the JDK
 * that also runs the service. No token server can beat it.
 */
final class SigningCeiling {

  private SigningCeiling() {}

  static double perSecond(String alg, int threads, int seconds) throws Exception {
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
    // long enough for the JIT to compile the BigInteger/EC intrinsics (2 s was not on JDK 17)
    long warmEnd = System.nanoTime() + 8_000_000_000L;
    long end = warmEnd + seconds * 1_000_000_000L;
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                try {
                  Signature s = Signature.getInstance(jca);
                  long now;
                  while ((now = System.nanoTime()) < end) {
                    s.initSign(pair.getPrivate());
                    s.update(input);
                    s.sign();
                    if (now >= warmEnd) {
                      count.increment();
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    return count.sum() / (double) seconds;
  }
}
