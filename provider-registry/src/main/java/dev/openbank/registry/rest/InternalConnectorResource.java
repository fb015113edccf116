package dev.openbank.registry.rest;

import dev.openbank.commons.problem.ProblemType;
import dev.openbank.registry.domain.Patterns;
import dev.openbank.registry.repository.ConnectorRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /internal/connectors/get}: how to reach one method's bank, for the platform's own
 * services (consent, ais, pis). Scope {@code internal}; never routed to the public ingress.
 */
@Path("/internal/connectors")
@RolesAllowed("internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalConnectorResource {

  @RegisterForReflection
  public record ConnectorRef(
      @NotBlank @Pattern(regexp = Patterns.CODE, message = Patterns.CODE_MESSAGE)
          String providerCode,
      @NotBlank @Pattern(regexp = Patterns.ID, message = Patterns.ID_MESSAGE) String methodId) {}

  private final ConnectorRepository connectors;

  public InternalConnectorResource(ConnectorRepository connectors) {
    this.connectors = connectors;
  }

  @POST
  @Path("/get")
  public Uni<ConnectorRepository.Row> get(@Valid @NotNull ConnectorRef ref) {
    return connectors
        .find(ref.providerCode(), ref.methodId())
        .map(
            row -> {
              if (row == null) {
                throw ProblemType.NOT_FOUND.exception(
                    "no method " + ref.methodId() + " at provider " + ref.providerCode(),
                    "method_id");
              }
              return row;
            });
  }
}
