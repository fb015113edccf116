package dev.openbank.consent.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An AIS consent as stored. */
public record ConsentRow(
    UUID id,
    String webId,
    String clientId,
    String environment,
    String status,
    List<String> scope,
    String providerCode,
    String aisMethodId,
    LocalDate validUntil,
    int frequencyPerDay,
    String redirectUrl,
    String webhookUrl,
    String deviceId,
    String uxTemplate,
    String flowType,
    String scaUrl,
    Instant authorizedAt,
    Instant insertedAt,
    Instant updatedAt) {

  /** The same consent with another status. */
  public ConsentRow withStatus(String newStatus) {
    return new ConsentRow(
        id,
        webId,
        clientId,
        environment,
        newStatus,
        scope,
        providerCode,
        aisMethodId,
        validUntil,
        frequencyPerDay,
        redirectUrl,
        webhookUrl,
        deviceId,
        uxTemplate,
        flowType,
        scaUrl,
        authorizedAt,
        insertedAt,
        updatedAt);
  }
}
