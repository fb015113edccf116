package dev.openbank.sandbox.rest;

import dev.openbank.sandbox.repository.ConsentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * What a PSU does at the bank outside the TPP's view, for tests and demos: {@code POST
 * /{aspsp}/sandbox/consents/{id}/revoke} revokes a consent in online banking ({@code
 * revokedByPsu}).
 */
@Path("/{aspsp}/sandbox")
public class PsuActionsResource {

  private final ConsentRepository consents;

  public PsuActionsResource(ConsentRepository consents) {
    this.consents = consents;
  }

  @POST
  @Path("/consents/{id}/revoke")
  public Uni<Response> revoke(@PathParam("aspsp") String aspsp, @PathParam("id") String id) {
    return consents
        .find(aspsp, id)
        .chain(c -> c == null ? Uni.createFrom().item(false) : consents.end(id, "revokedByPsu"))
        .map(done -> Response.status(done ? 204 : 404).build());
  }
}
