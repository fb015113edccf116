package dev.openbank.commons.security;

import dev.openbank.commons.web.UrlRules;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The resource-server setup every service reuses: authenticates {@code Authorization: Bearer} and
 * {@code Authorization: DPoP} access tokens from auth-service. The identity's principal is the
 * client id, its roles are the token's scopes (so resources use {@code @RolesAllowed("ais")}) and
 * its attributes hold the {@link AccessToken}.
 *
 * <p>A DPoP-bound token ({@code cnf.jkt}) is accepted only with the DPoP scheme and a valid proof
 * by the bound key; presenting it as a plain bearer token fails.
 */
@ApplicationScoped
public class ResourceServerAuthMechanism implements HttpAuthenticationMechanism {

  /** Identity attribute holding the verified {@link AccessToken}. */
  public static final String TOKEN_ATTRIBUTE = "openbank.access-token";

  /** The verified access token of an authenticated request. */
  public static AccessToken token(io.quarkus.security.identity.SecurityIdentity identity) {
    return identity.getAttribute(TOKEN_ATTRIBUTE);
  }

  private static final Logger LOG = Logger.getLogger(ResourceServerAuthMechanism.class);

  private final TokenVerifier verifier;
  private final DpopProofVerifier dpop;
  private final String publicBaseUrl;

  public ResourceServerAuthMechanism(ResourceServerConfig config) {
    this.verifier =
        config
            .issuer()
            .map(
                issuer ->
                    new TokenVerifier(
                        issuer,
                        config.audience(),
                        new IssuerKeys(
                            issuer,
                            config.reachedAt().orElseThrow(),
                            config.jwksCache().toSeconds()),
                        (int) config.clockSkew().toSeconds(),
                        config.jwksCache(),
                        Clock.systemUTC()))
            .orElse(null);
    this.dpop = new DpopProofVerifier(Clock.systemUTC(), config.dpopMaxAge().toSeconds());
    this.publicBaseUrl = config.publicBaseUrl().map(UrlRules::base).orElse(null);
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String authorization = context.request().getHeader("Authorization");
    if (verifier == null || authorization == null) {
      return Uni.createFrom().nullItem();
    }
    int space = authorization.indexOf(' ');
    String scheme = space < 0 ? authorization : authorization.substring(0, space);
    if (!scheme.equalsIgnoreCase("Bearer") && !scheme.equalsIgnoreCase("DPoP")) {
      return Uni.createFrom().nullItem();
    }
    String token = authorization.substring(space + 1).trim();
    boolean dpopScheme = scheme.equalsIgnoreCase("DPoP");
    String proof = context.request().getHeader("DPoP");
    String method = context.request().method().name();
    String absoluteUri =
        !dpopScheme
            ? null
            : publicBaseUrl != null
                ? publicBaseUrl + context.request().path()
                : context.request().absoluteURI();
    // JWKS fetches block: verify off the event loop.
    return Uni.createFrom()
        .item(() -> identity(token, dpopScheme, proof, method, absoluteUri))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private SecurityIdentity identity(
      String token, boolean dpopScheme, String proof, String method, String absoluteUri) {
    try {
      AccessToken accessToken = verifier.verify(token);
      if (accessToken.senderConstrained() != dpopScheme) {
        throw new InvalidTokenException(
            dpopScheme
                ? "the DPoP scheme requires a DPoP-bound token"
                : "a DPoP-bound token must be presented with the DPoP scheme");
      }
      if (dpopScheme) {
        URI uri;
        try {
          uri = URI.create(absoluteUri);
        } catch (IllegalArgumentException e) {
          throw new InvalidTokenException("the request URI cannot be checked against the proof");
        }
        String thumbprint = dpop.verify(proof, method, uri, token);
        if (!thumbprint.equals(accessToken.jkt())) {
          throw new InvalidTokenException("the DPoP proof key does not match the token binding");
        }
      }
      return QuarkusSecurityIdentity.builder()
          .setPrincipal(new QuarkusPrincipal(accessToken.clientId()))
          .addRoles(accessToken.scopes())
          .addAttribute(TOKEN_ATTRIBUTE, accessToken)
          .build();
    } catch (InvalidTokenException e) {
      LOG.debugf("Rejected access token: %s", e.getMessage());
      throw new AuthenticationFailedException(e.getMessage());
    }
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    // RFC 6750 3.1: no error code when the request carried no credentials
    boolean presented = context.request().getHeader("Authorization") != null;
    String bearer = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
    return Uni.createFrom()
        .item(
            new ChallengeData(
                401, "WWW-Authenticate", bearer + ", DPoP algs=\"RS256 PS256 ES256\""));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of();
  }
}
