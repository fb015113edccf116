package dev.openbank.registry.rest;

import dev.openbank.commons.cursor.CursorCodec;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.security.ResourceServerAuthMechanism;
import dev.openbank.registry.domain.AisMethodsFilter;
import dev.openbank.registry.domain.Provider;
import dev.openbank.registry.repository.ProviderQuery;
import dev.openbank.registry.repository.ProviderRepository;
import dev.openbank.registry.rest.ProviderDtos.Filter;
import dev.openbank.registry.rest.ProviderDtos.GetProvider;
import dev.openbank.registry.rest.ProviderDtos.ListProviders;
import dev.openbank.registry.rest.ProviderDtos.Options;
import dev.openbank.registry.rest.ProviderDtos.ProviderPage;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code POST /v2/providers/list|get} (seed 004 v2): the banks the caller's environment may use,
 * with payment methods and, on request, AIS methods. Scope {@code providers}.
 */
@Path("/v2/providers")
@RolesAllowed("providers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ProviderResource {

  private static final Filter NO_FILTER = new Filter(null, null, null);
  private static final Options NO_OPTIONS = new Options(false, null);

  private final ProviderRepository providers;
  private final CursorCodec cursors;
  private final SecurityIdentity identity;

  public ProviderResource(
      ProviderRepository providers, CursorCodec cursors, SecurityIdentity identity) {
    this.providers = providers;
    this.cursors = cursors;
    this.identity = identity;
  }

  @POST
  @Path("/list")
  public Uni<ProviderPage> list(@Valid ListProviders body) {
    AccessToken token = token();
    Filter filter = body == null || body.filter() == null ? NO_FILTER : body.filter();
    Options options = body == null || body.options() == null ? NO_OPTIONS : body.options();
    PageRequest page = body == null ? null : body.pagination();
    int limit = PageRequest.limitOf(page);
    // a cursor only works for the client and the filters it was issued for
    String scope = "providers|" + token.clientId() + "|" + filter + "|" + options;
    String after = PageRequest.afterOf(page);
    String afterCode =
        after == null ? null : cursors.decode(scope, after, "pagination.after").get(0);
    AisMethodsFilter aisFilter = options.aisMethodsFilter();
    return providers
        .page(
            new ProviderQuery(
                token.environment(),
                filter.country(),
                filter.codes(),
                filter.status(),
                aisFilter,
                afterCode,
                limit + 1))
        .map(
            rows -> {
              PageInfo.Slice<Provider> slice =
                  PageInfo.slice(rows, limit, last -> cursors.encode(scope, List.of(last.code())));
              return new ProviderPage(
                  slice.pagination(),
                  slice.items().stream().map(p -> p.view(options.showAis(), aisFilter)).toList());
            });
  }

  @POST
  @Path("/get")
  public Uni<Provider> get(@Valid @NotNull GetProvider body) {
    Options options = body.options() == null ? NO_OPTIONS : body.options();
    return providers
        .find(token().environment(), body.code())
        .map(
            p -> {
              if (p == null) {
                throw ProblemType.NOT_FOUND.exception("no provider " + body.code(), "code");
              }
              return p.view(options.showAis(), options.aisMethodsFilter());
            });
  }

  private AccessToken token() {
    return ResourceServerAuthMechanism.token(identity);
  }
}
