package dev.openbank.webhooks.rest;

import dev.openbank.commons.cursor.CursorCodec;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.security.ResourceServerAuthMechanism;
import dev.openbank.webhooks.repository.DeliveryRepository;
import dev.openbank.webhooks.repository.LogRepository;
import dev.openbank.webhooks.rest.WebhookDtos.Attempt;
import dev.openbank.webhooks.rest.WebhookDtos.Delivery;
import dev.openbank.webhooks.rest.WebhookDtos.DeliveryFilter;
import dev.openbank.webhooks.rest.WebhookDtos.DeliveryPage;
import dev.openbank.webhooks.rest.WebhookDtos.ListDeliveries;
import dev.openbank.webhooks.rest.WebhookDtos.Retried;
import dev.openbank.webhooks.rest.WebhookDtos.RetryDeliveries;
import dev.openbank.webhooks.service.Dispatcher;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v2/webhooks/deliveries/list|retry}: the caller's delivery log, every attempt with
 * its status code, latency and error, and manual retries. Scope {@code webhooks}; other clients'
 * deliveries do not exist for the caller.
 */
@Path("/v2/webhooks/deliveries")
@RolesAllowed("webhooks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

  private static final DeliveryFilter NO_FILTER = new DeliveryFilter(null, null, null);

  private final LogRepository log;
  private final DeliveryRepository deliveries;
  private final Dispatcher dispatcher;
  private final CursorCodec cursors;
  private final SecurityIdentity identity;

  public DeliveryResource(
      LogRepository log,
      DeliveryRepository deliveries,
      Dispatcher dispatcher,
      CursorCodec cursors,
      SecurityIdentity identity) {
    this.log = log;
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.cursors = cursors;
    this.identity = identity;
  }

  @POST
  @Path("/list")
  public Uni<DeliveryPage> list(@Valid ListDeliveries body) {
    String client = clientId();
    DeliveryFilter filter = body == null || body.filter() == null ? NO_FILTER : body.filter();
    PageRequest page = body == null ? null : body.pagination();
    int limit = PageRequest.limitOf(page);
    String scope = "deliveries|" + client + "|" + filter;
    String after = PageRequest.afterOf(page);
    long afterSeq =
        after == null ? 0 : Long.parseLong(cursors.decode(scope, after, "pagination.after").get(0));
    return log.deliveries(
            client, filter.status(), filter.eventType(), filter.eventId(), afterSeq, limit + 1)
        .map(
            rows -> {
              var slice =
                  PageInfo.slice(
                      rows,
                      limit,
                      last -> cursors.encode(scope, List.of(String.valueOf(last.seq()))));
              return new DeliveryPage(
                  slice.pagination(),
                  slice.items().stream()
                      .map(
                          d ->
                              new Delivery(
                                  d.id(),
                                  d.eventId(),
                                  d.eventType(),
                                  d.url(),
                                  d.status(),
                                  d.attempts(),
                                  d.nextAttemptAt(),
                                  d.lastStatusCode(),
                                  d.lastError(),
                                  d.createdAt(),
                                  d.deliveredAt(),
                                  d.attemptLog().stream()
                                      .map(
                                          a ->
                                              new Attempt(
                                                  a.n(),
                                                  a.startedAt(),
                                                  a.statusCode(),
                                                  a.latencyMs(),
                                                  a.error()))
                                      .toList()))
                      .toList());
            });
  }

  /** Makes the listed deliveries due now: all of them, or none if any is unknown to the caller. */
  @POST
  @Path("/retry")
  public Uni<Retried> retry(@Valid @NotNull RetryDeliveries body) {
    String client = clientId();
    List<UUID> ids = List.copyOf(new java.util.LinkedHashSet<>(body.deliveryIds()));
    return deliveries
        .owned(client, ids)
        .chain(
            owned -> {
              Set<UUID> mine = new HashSet<>(owned);
              for (int i = 0; i < body.deliveryIds().size(); i++) {
                if (!mine.contains(body.deliveryIds().get(i))) {
                  throw ProblemType.NOT_FOUND.exception(
                      "no delivery " + body.deliveryIds().get(i), "delivery_ids[" + i + "]");
                }
              }
              return deliveries.retry(client, ids);
            })
        .invoke(dispatcher::wake)
        .map(Retried::new);
  }

  private String clientId() {
    AccessToken token = ResourceServerAuthMechanism.token(identity);
    return token.clientId();
  }
}
