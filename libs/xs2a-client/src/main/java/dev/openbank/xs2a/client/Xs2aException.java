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
}
