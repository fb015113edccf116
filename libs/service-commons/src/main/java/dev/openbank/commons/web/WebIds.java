package dev.openbank.commons.web;

import java.security.SecureRandom;

/**
 * Short, unguessable public ids of links and consents (their page URLs): 12 characters of base62,
 * about 71 random bits.
 */
public final class WebIds {

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebIds() {}

  public static String next() {
    char[] id = new char[12];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}
