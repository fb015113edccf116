package dev.openbank.sandbox.service;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable resource ids for consents, payments and authorisations. */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String next(String prefix) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
