package dev.openbank.xs2a.client;

import dev.openbank.xs2a.model.Common.TppMessage;
import java.util.List;

/**
 * A bank answered with an error status. {@link #serverError()} tells a bank fault (5xx, which may
 * be retried and counts against the bank's circuit breaker) from a refusal (4xx, which does not).
 */
public class Xs2aException extends RuntimeException {

  private final int status;
  private final List<TppMessage> messages;

  public Xs2aException(int status, List<TppMessage> messages) {
    super("XS2A " + status + " " + (messages.isEmpty() ? "" : messages.get(0).code()));
    this.status = status;
    this.messages = List.copyOf(messages);
  }

  public int status() {
    return status;
  }

  public List<TppMessage> messages() {
    return messages;
  }

  /** The first tppMessage code, e.g. {@code CONSENT_EXPIRED}, or null. */
  public String code() {
    return messages.isEmpty() ? null : messages.get(0).code();
  }

  public boolean serverError() {
    return status >= 500;
  }

  /**
   * The bank's error code in a failure of a call (e.g. {@code FORMAT_ERROR}), for what an end user
   * or API client may see: never the bank's address or the exception's text. Null if the bank did
   * not answer with one.
   */
  public static String codeOf(Throwable failure) {
    Xs2aException e = Xs2aClient.bankAnswer(failure);
    return e == null ? null : e.code();
  }

  /**
   * What went wrong calling a bank, for logs and stored errors: the bank's answer, or the fault.
   */
  public static String describe(Throwable failure) {
    Xs2aException e = Xs2aClient.bankAnswer(failure);
    if (e != null) {
      return e.getMessage();
    }
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
