package dev.openbank.auth.config;

import dev.openbank.auth.domain.ClientSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Base64;

/** Domain objects built once from configuration and shared by the services that need them. */
@ApplicationScoped
public class AuthBeans {

  /** The keyed hash of client secrets: the admin API writes it, the token endpoint checks it. */
  @Produces
  @Singleton
  ClientSecrets clientSecrets(AuthConfig config) {
    return new ClientSecrets(Base64.getDecoder().decode(config.secretHashKey()));
  }
}
