package dev.openbank.consent.rest;

import java.util.List;

/**
 * What the consent page shows. {@code mode} is {@code choose} (pick a bank), {@code resume} (the
 * bank waits for the end user) or {@code status} (the outcome, followed live).
 */
public record ConsentPage(
    String webId,
    String theme,
    String mode,
    List<String> scope,
    String validUntil,
    int frequencyPerDay,
    String status,
    String statusText,
    boolean done,
    List<Option> options,
    String error,
    String scaUrl,
    String continueUrl) {

  /** One bank and AIS method; {@code value} is what the form posts. */
  public record Option(String value, String providerName, String methodName, boolean checked) {}
}
