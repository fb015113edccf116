package dev.openbank.webhooks.rest;

import dev.openbank.commons.cursor.CursorCodec;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.commons.security.AccessToken;
import dev.openbank.commons.security.ResourceServerAuthMechanism;
import dev.openbank.webhooks.repository.LogRepository;
import dev.openbank.webhooks.rest.WebhookDtos.Event;
import dev.openbank.webhooks.rest.WebhookDtos.EventFilter;
import dev.openbank.webhooks.rest.WebhookDtos.EventPage;
import dev.openbank.webhooks.rest.WebhookDtos.ListEvents;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code POST /v2/events/list}: every event of the caller in arrival order, for clients that cannot
 * receive webhooks (like Linxo's queues): poll with the last cursor to get what is new.
 */
@Path("/v2/events")
@RolesAllowed("webhooks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

  private static final EventFilter NO_FILTER = new EventFilter(null, null);

  private final LogRepository log;
  private final CursorCodec cursors;
  private final SecurityIdentity identity;

  public EventResource(LogRepository log, CursorCodec cursors, SecurityIdentity identity) {
    this.log = log;
    this.cursors = cursors;
    this.identity = identity;
  }

  @POST
  @Path("/list")
  public Uni<EventPage> list(@Valid ListEvents body) {
    AccessToken token = ResourceServerAuthMechanism.token(identity);
    String client = token.clientId();
    EventFilter filter = body == null || body.filter() == null ? NO_FILTER : body.filter();
    PageRequest page = body == null ? null : body.pagination();
    int limit = PageRequest.limitOf(page);
    String scope = "events|" + client + "|" + filter;
    String after = PageRequest.afterOf(page);
    long afterSeq =
        after == null ? 0 : Long.parseLong(cursors.decode(scope, after, "pagination.after").get(0));
    return log.events(client, filter.type(), filter.occurredAtFrom(), afterSeq, limit + 1)
        .map(
            rows -> {
              var slice =
                  PageInfo.slice(
                      rows,
                      limit,
                      last -> cursors.encode(scope, List.of(String.valueOf(last.seq()))));
              // a feed: the cursor after the last event is always given, so a poller can ask
              // for what is new; an empty page hands back the cursor it was given
              String next =
                  slice.items().isEmpty()
                      ? after
                      : cursors.encode(
                          scope,
                          List.of(
                              String.valueOf(slice.items().get(slice.items().size() - 1).seq())));
              return new EventPage(
                  new PageInfo(slice.pagination().count(), slice.pagination().more(), next),
                  slice.items().stream()
                      .map(e -> new Event(e.id(), e.type(), e.occurredAt(), e.body()))
                      .toList());
            });
  }
}
