package dev.openbank.registry.rest;

import dev.openbank.registry.domain.Patterns;
import dev.openbank.registry.domain.Provider;
import dev.openbank.registry.repository.ProviderQuery;
import dev.openbank.registry.repository.ProviderRepository;
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
import java.util.List;

/**
 * {@code POST /internal/providers/list}: every provider one API-client environment sees, with its
 * payment and AIS methods, for the platform's own pages (the pay and consent pages show the
 * providers of the link's or consent's client, whose token the page does not have). Scope {@code
 * internal}; never routed to the public ingress.
 */
@Path("/internal/providers")
@RolesAllowed("internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalProviderResource {

  /** At most this many providers per environment are returned (far more than any market has). */
  static final int MAX = 1000;

  @RegisterForReflection
  public record ListForEnvironment(
      @NotBlank @Pattern(regexp = Patterns.ENVIRONMENT, message = Patterns.ENVIRONMENT_MESSAGE)
          String environment) {}

  @RegisterForReflection
  public record Providers(List<Provider> providers) {}

  private final ProviderRepository providers;

  public InternalProviderResource(ProviderRepository providers) {
    this.providers = providers;
  }

  @POST
  @Path("/list")
  public Uni<Providers> list(@Valid @NotNull ListForEnvironment body) {
    return providers
        .page(new ProviderQuery(body.environment(), null, null, null, null, null, MAX))
        .map(rows -> new Providers(rows.stream().map(p -> p.view(true, null)).toList()));
  }
}
