package dev.openbank.auth;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * Exists only in tests: a resource protected by the shared resource-server setup from
 * service-commons, exactly as every other service uses it.
 */
@Path("/test/protected")
public class ProtectedTestResource {

  private final SecurityIdentity identity;

  public ProtectedTestResource(SecurityIdentity identity) {
    this.identity = identity;
  }

  @POST
  @RolesAllowed("providers")
  public String whoAmI() {
    return identity.getPrincipal().getName();
  }
}
