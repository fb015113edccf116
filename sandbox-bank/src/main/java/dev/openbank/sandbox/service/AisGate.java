package dev.openbank.sandbox.service;

import dev.openbank.sandbox.domain.Seed;
import dev.openbank.sandbox.repository.ConsentRepository;
import dev.openbank.sandbox.repository.ConsentRow;
import dev.openbank.sandbox.rest.BgError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;

/**
 * What every AIS data read passes: a known, valid consent for this bank, the PSU's fault switches
 * (slow answers, bursts of 500s), and for unattended reads (no PSU-IP-Address) the consent's
 * frequency per day, counted per account and resource.
 */
@ApplicationScoped
public class AisGate {

  private final SandboxBank bank;
  private final ConsentRepository consents;

  public AisGate(SandboxBank bank, ConsentRepository consents) {
    this.bank = bank;
    this.consents = consents;
  }

  /**
   * Runs {@code read} for a consent that may read {@code resource} of {@code accountId} (null for
   * the account list), delayed or failed as the PSU's faults say.
   */
  public <T> Uni<T> read(
      String aspsp,
      String consentId,
      String psuIp,
      String accountId,
      String resource,
      Function<ConsentRow, Uni<T>> read) {
    bank.require(aspsp);
    if (consentId == null || consentId.isBlank()) {
      throw BgError.format("Consent-ID is required");
    }
    return consents
        .find(aspsp, consentId)
        .chain(
            c -> {
              check(c);
              Seed.Faults faults =
                  bank.psu(aspsp, c.psuId()).map(Seed.Psu::faultsOrNone).orElse(Seed.Faults.NONE);
              Uni<T> result =
                  failures(c, faults)
                      .chain(() -> frequency(c, psuIp, accountId, resource))
                      .chain(() -> consents.touch(c.id()))
                      .chain(() -> read.apply(c));
              return faults.slowMs() > 0
                  ? result.onItem().delayIt().by(Duration.ofMillis(faults.slowMs()))
                  : result;
            });
  }

  private static void check(ConsentRow c) {
    if (c == null) {
      throw BgError.consentUnknown();
    }
    if ("expired".equals(c.status())) {
      throw new BgError(401, "CONSENT_EXPIRED", "the consent has expired");
    }
    if (!"valid".equals(c.status())) {
      throw new BgError(401, "CONSENT_INVALID", "the consent is " + c.status());
    }
  }

  private Uni<Void> failures(ConsentRow c, Seed.Faults faults) {
    if (faults.errorBurst() <= 0) {
      return Uni.createFrom().voidItem();
    }
    return consents
        .takeError(c.id(), faults.errorBurst())
        .map(
            fail -> {
              if (fail) {
                throw new BgError(500, "INTERNAL_SERVER_ERROR", "sandbox fault: error burst");
              }
              return null;
            });
  }

  private Uni<Void> frequency(ConsentRow c, String psuIp, String accountId, String resource) {
    if (psuIp != null && !psuIp.isBlank()) {
      return Uni.createFrom().voidItem(); // the PSU is present: not counted
    }
    return consents
        .countAccess(c.id(), accountId == null ? "-" : accountId, resource)
        .map(
            count -> {
              if (count > c.frequencyPerDay()) {
                throw new BgError(
                    429,
                    "ACCESS_EXCEEDED",
                    "more than " + c.frequencyPerDay() + " unattended reads today");
              }
              return null;
            });
  }
}
