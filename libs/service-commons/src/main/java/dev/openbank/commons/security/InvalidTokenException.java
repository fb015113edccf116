package dev.openbank.commons.security;

/** A token or DPoP proof failed verification. The message is safe to show to the caller. */
public class InvalidTokenException extends Exception {

  public InvalidTokenException(String message) {
    super(message);
  }

  public InvalidTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
