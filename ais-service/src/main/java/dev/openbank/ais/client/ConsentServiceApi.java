package dev.openbank.ais.client;

import dev.openbank.ais.domain.ConsentTerms;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * consent-service's internal API as ais-service reads it: the answer is read straight into {@link
 * ConsentTerms} (unknown fields ignored, so consent-service may add fields).
 */
@Path("/internal/consents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ConsentServiceApi {

  @RegisterForReflection
  record ConsentRef(UUID consentId) {}

  @POST
  @Path("/access")
  Uni<ConsentTerms> access(@HeaderParam("Authorization") String bearer, ConsentRef ref);
}
