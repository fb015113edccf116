package dev.openbank.commons.security;

import java.time.Instant;
import java.util.Set;

/**
 * A verified access token.
 *
 * @param clientId the API client ({@code sub}); every query a service runs filters on it
 * @param scopes granted scopes, also the caller's roles
 * @param environment {@code sandbox} or {@code production}
 * @param jkt the DPoP key thumbprint the token is bound to ({@code cnf.jkt}), or null if unbound
 * @param uxTemplate the client's default page template ({@code ux_template}), or null
 * @param webhookUrl the client's default webhook URL ({@code webhook_url}), or null
 */
public record AccessToken(
    String clientId,
    Set<String> scopes,
    String environment,
    String jkt,
    String jti,
    Instant expiresAt,
    String uxTemplate,
    String webhookUrl) {

  public boolean senderConstrained() {
    return jkt != null;
  }
}
