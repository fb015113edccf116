package dev.openbank.sandbox.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A consent as the bank holds it.
 *
 * @param access the consent's {@code access} object as the TPP sent it (JSON)
 * @param granted resource ids per service ({@code accounts}, {@code balances}, {@code
 *     transactions}), fixed at SCA; empty before
 */
public record ConsentRow(
    String id,
    String aspsp,
    String status,
    String scaStatus,
    String authorisationId,
    String access,
    boolean recurring,
    LocalDate validUntil,
    int frequencyPerDay,
    String redirectUri,
    String nokRedirectUri,
    String psuId,
    Map<String, List<String>> granted,
    Instant createdAt,
    Instant authorisedAt,
    LocalDate lastActionDate) {

  public List<String> granted(String service) {
    return granted == null ? List.of() : granted.getOrDefault(service, List.of());
  }
}
