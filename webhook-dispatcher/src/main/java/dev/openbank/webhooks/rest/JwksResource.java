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
  private final String cacheControl;

  public JwksResource(WebhookKeys keys, dev.openbank.webhooks.config.WebhookConfig config) {
    this.keys = keys;
    // cached no longer than a refresh interval: a new key signs only after two of them
    this.cacheControl = "public, max-age=" + Math.max(1, config.keyRefresh().toSeconds());
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response jwks() {
    return Response.ok(keys.jwks()).header("Cache-Control", cacheControl).build();
  }
}
