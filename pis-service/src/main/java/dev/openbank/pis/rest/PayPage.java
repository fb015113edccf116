package dev.openbank.pis.rest;

import java.util.List;

/**
 * What the pay page shows. {@code mode} is {@code choose} (pick a bank and pay), {@code resume}
 * (the payment waits for the debtor at the bank) or {@code status} (the outcome, followed live).
 */
public record PayPage(
    String webId,
    String theme,
    String mode,
    String amount,
    String currency,
    String creditorName,
    String creditorIban,
    String description,
    List<GoodLine> goods,
    String status,
    String statusText,
    boolean done,
    List<Option> options,
    String error,
    String scaUrl,
    String continueUrl,
    boolean autoStart) {

  /** One line of goods: quantity times unit price. */
  public record GoodLine(String name, int quantity, String unitPrice, String total) {}

  /**
   * One bank and payment method the debtor may pay through; {@code value} is what the form posts.
   */
  public record Option(String value, String providerName, String methodName, boolean checked) {}
}
