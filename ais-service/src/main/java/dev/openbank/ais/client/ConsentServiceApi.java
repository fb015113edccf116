package dev.openbank.ais.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** consent-service's internal API as ais-service reads it (unknown fields ignored). */
@Path("/internal/consents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ConsentServiceApi {

  @RegisterForReflection
  record ConsentRef(UUID consentId) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ConsentAccess(
      UUID consentId,
      String clientId,
      String status,
      List<String> scope,
      LocalDate validUntil,
      int frequencyPerDay,
      String deviceId,
      String webhookUrl,
      Instant authorizedAt,
      String providerCode,
      String aisMethodId,
      String baseUrl,
      String bankConsentId) {}

  @POST
  @Path("/access")
  Uni<ConsentAccess> access(@HeaderParam("Authorization") String bearer, ConsentRef ref);
}
