package dev.openbank.auth.security;

import dev.openbank.auth.config.AuthConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Authenticates the operator's provisioned admin credential, sent as {@code X-Admin-Key}. It grants
 * the {@code admin} role (the same as an access token with the {@code admin} scope).
 */
@ApplicationScoped
public class AdminKeyAuthMechanism implements HttpAuthenticationMechanism {

  /** The header carrying the admin credential. */
  public static final String HEADER = "X-Admin-Key";

  private final byte[] digest;

  public AdminKeyAuthMechanism(AuthConfig config) {
    if (config.adminKey().length() < 24) {
      throw new IllegalStateException("openbank.auth.admin-key must be at least 24 characters");
    }
    this.digest = sha256(config.adminKey());
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String presented = context.request().getHeader(HEADER);
    if (presented == null) {
      return Uni.createFrom().nullItem();
    }
    if (!MessageDigest.isEqual(digest, sha256(presented))) {
      return Uni.createFrom().failure(new AuthenticationFailedException("invalid admin key"));
    }
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("admin-key"))
                .addRole("admin")
                .build());
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
