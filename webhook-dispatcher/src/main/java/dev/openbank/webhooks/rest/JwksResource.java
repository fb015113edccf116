package dev.openbank.webhooks.rest;

import dev.openbank.webhooks.service.WebhookKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /.well-known/jwks.json}: the two public keys webhooks are verified with, newest first
 * (seed 004).
 */
@Path("/.well-known/jwks.json")
@PermitAll
public class JwksResource {

  private final WebhookKeys keys;

  public JwksResource(WebhookKeys keys) {
    this.keys = keys;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response jwks() {
    // short caching: receivers see a new key well before it signs
    return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=60").build();
  }
}
