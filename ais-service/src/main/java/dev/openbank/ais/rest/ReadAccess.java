package dev.openbank.ais.rest;

import dev.openbank.ais.domain.ConsentTerms;
import dev.openbank.ais.repository.ConsentRepository;
import dev.openbank.commons.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Whether a client may use a consent here: it must be the client's (else it does not exist), carry
 * the consent's device id when it has one ({@code x-device-id}: a leaked token alone reads
 * nothing), and, to read data, be in force and cover the data asked for.
 */
@ApplicationScoped
public class ReadAccess {

  public static final String DEVICE_HEADER = "x-device-id";

  private final ConsentRepository consents;

  public ReadAccess(ConsentRepository consents) {
    this.consents = consents;
  }

  /** The client's consent, checked for the device; any status. */
  public Uni<ConsentTerms> consent(String clientId, UUID consentId, String deviceId) {
    return consents
        .find(clientId, consentId)
        .map(
            c -> {
              if (c == null) {
                throw ProblemType.NOT_FOUND.exception(
                    "no consent " + consentId + " with account data", "consent_id");
              }
              if (c.deviceId() != null && !c.deviceId().equals(deviceId)) {
                throw ProblemType.custom(
                    403,
                    "device_mismatch",
                    "The request does not come from the consent's device",
                    deviceId == null
                        ? "the consent was given for a device: send its id in x-device-id"
                        : "x-device-id is not the device the consent was given for",
                    DEVICE_HEADER);
              }
              return c;
            });
  }

  /** The client's consent, in force and covering {@code resource}. */
  public Uni<ConsentTerms> read(String clientId, UUID consentId, String deviceId, String resource) {
    return consent(clientId, consentId, deviceId)
        .map(
            c -> {
              if (!c.served()) {
                throw ProblemType.custom(
                    409,
                    "consent_not_active",
                    "The consent's data is not served",
                    c.notServedDetail(),
                    "consent_id");
              }
              if (!c.covers(resource)) {
                throw ProblemType.custom(
                    403,
                    "scope_not_granted",
                    "The consent does not cover this data",
                    "the consent's scope is " + c.scope() + ", without " + resource,
                    "consent_id");
              }
              return c;
            });
  }
}
