package dev.openbank.auth.service;

import dev.openbank.auth.config.AuthConfig;
import dev.openbank.auth.domain.Client;
import dev.openbank.auth.domain.ClientSecrets;
import dev.openbank.auth.domain.OAuthError;
import dev.openbank.auth.domain.Scopes;
import dev.openbank.auth.domain.TokenRequest;
import dev.openbank.auth.repository.ClientRepository.ClientForToken;
import dev.openbank.auth.repository.TokenGuardRepository;
import dev.openbank.commons.security.DpopProofVerifier;
import dev.openbank.commons.security.InvalidTokenException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * The client_credentials grant: authenticates the client, applies the scope rules, optionally binds
 * the token to a DPoP key, and signs an RFC 9068 access token.
 */
@ApplicationScoped
public class TokenService {

  /** What the token endpoint answers: exactly one of token or error. */
  public record Outcome(IssuedToken token, OAuthError error) {
    static Outcome failed(OAuthError error) {
      return new Outcome(null, error);
    }
  }

  /** A successful token response body (RFC 6749 section 5.1). */
  public record IssuedToken(String accessToken, String tokenType, long expiresIn, String scope) {}

  private final AuthConfig config;
  private final ClientCache clients;
  private final TokenGuardRepository guard;
  private final SigningKeyService keys;
  private final ClientAssertions assertions;
  private final ClientSecrets secrets;
  private final DpopProofVerifier dpop;
  private final URI tokenEndpoint;

  /** The signer pool, or null when tokens are signed on the event loop (decision 0007). */
  private final Executor signers;

  public TokenService(
      AuthConfig config,
      ClientCache clients,
      TokenGuardRepository guard,
      SigningKeyService keys,
      ClientAssertions assertions,
      SigningExecutor signers,
      ClientSecrets secrets) {
    this.signers = config.signingThreads() > 0 ? signers : null;
    this.config = config;
    this.clients = clients;
    this.guard = guard;
    this.keys = keys;
    this.assertions = assertions;
    this.secrets = secrets;
    this.dpop = new DpopProofVerifier(Clock.systemUTC(), config.dpopMaxAge().toSeconds());
    this.tokenEndpoint = URI.create(config.issuer() + "/oauth2/token");
  }

  /** The URL of the token endpoint, as assertions and DPoP proofs must name it. */
  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /**
   * Handles one token request.
   *
   * @param dpopProof the DPoP header, or null
   */
  public Uni<Outcome> issue(
      Map<String, java.util.List<String>> form, String authorization, String dpopProof) {
    TokenRequest.Parsed parsed =
        TokenRequest.parse(form, authorization, assertions::unverifiedSubject);
    if (parsed.error() != null) {
      return Uni.createFrom().item(Outcome.failed(parsed.error()));
    }
    TokenRequest request = parsed.request();
    return clients
        .findForToken(request.clientId())
        .flatMap(found -> authenticate(request, found))
        .flatMap(
            client ->
                client == null
                    ? Uni.createFrom().<Outcome>nullItem()
                    : grant(request, client, dpopProof))
        .flatMap(
            outcome -> {
              if (outcome == null) {
                return guard
                    .recordFailure(
                        request.clientId(),
                        config.failureWindow(),
                        config.maxFailures(),
                        config.lockout())
                    .invoke(() -> clients.invalidate(request.clientId()))
                    .replaceWith(Outcome.failed(OAuthError.invalidClient(request.basic())));
              }
              return Uni.createFrom().item(outcome);
            })
        .onFailure(java.util.concurrent.RejectedExecutionException.class)
        .recoverWithItem(e -> Outcome.failed(OAuthError.overloaded()))
        .onFailure(Throttled.class)
        .recoverWithItem(e -> Outcome.failed(OAuthError.throttled(((Throttled) e).retryAfter)));
  }

  /** Resolves to the authenticated client, or null when authentication failed. */
  private Uni<Client> authenticate(TokenRequest request, ClientForToken found) {
    Instant now = Instant.now();
    boolean secretBased = request.method() != TokenRequest.Method.PRIVATE_KEY_JWT;
    // A signature cannot be guessed, so lock-out only guards the secret-based methods.
    if (secretBased && found.lockedUntil() != null && found.lockedUntil().isAfter(now)) {
      return Uni.createFrom()
          .failure(
              new Throttled(
                  Math.max(1, found.lockedUntil().getEpochSecond() - now.getEpochSecond())));
    }
    Client client = found.client();
    Uni<Boolean> verified =
        switch (request.method()) {
          case CLIENT_SECRET_BASIC, CLIENT_SECRET_POST ->
              Uni.createFrom()
                  .item(
                      secrets.matches(
                          request.clientSecret(), client == null ? null : client.secretHash()));
          case PRIVATE_KEY_JWT -> assertions.verify(request.clientAssertion(), client);
        };
    return verified.flatMap(
        ok -> {
          if (!ok || client == null || !client.active()) {
            return Uni.createFrom().nullItem();
          }
          // only a secret-based success proves the secret: a signed assertion leaves the
          // secret lock-out in place
          Uni<Void> reset =
              secretBased && found.failures() > 0
                  ? guard
                      .clearFailures(client.clientId())
                      .invoke(() -> clients.invalidate(client.clientId()))
                  : Uni.createFrom().voidItem();
          return reset.replaceWith(client);
        });
  }

  /**
   * The CPU-bound step: the DPoP proof, the scope and the signature. By default it runs on the
   * event loop that read the request, as Vert.x runs a TLS handshake's private-key operation by
   * default: handing each token to another thread and the response back cost 0.03-0.05 ms of CPU a
   * token, a seventh of an ES256 token (decision 0007). With {@code openbank.auth.signing-threads}
   * set it runs on that many signer threads behind one bounded FIFO queue instead, which answers
   * 503 when full and keeps the event loops free for the other endpoints under overload.
   */
  private Uni<Outcome> grant(TokenRequest request, Client client, String dpopProof) {
    Uni<Outcome> outcome = Uni.createFrom().item(() -> grantNow(request, client, dpopProof));
    return signers == null ? outcome : outcome.runSubscriptionOn(signers);
  }

  private Outcome grantNow(TokenRequest request, Client client, String dpopProof) {
    String jkt = null;
    if (dpopProof != null) {
      try {
        jkt = dpop.verify(dpopProof, "POST", tokenEndpoint, null);
      } catch (InvalidTokenException e) {
        return Outcome.failed(OAuthError.invalidDpopProof(e.getMessage()));
      }
    } else if (client.requireDpop()) {
      return Outcome.failed(OAuthError.invalidRequest("this client must present a DPoP proof"));
    }
    Set<String> scopes = Scopes.grant(request.scope(), client.scopes());
    if (scopes == null) {
      return Outcome.failed(OAuthError.invalidScope());
    }
    String scope = Scopes.format(scopes);
    String token = sign(client, scope, jkt);
    return new Outcome(
        new IssuedToken(
            token, jkt == null ? "Bearer" : "DPoP", config.tokenLifetime().toSeconds(), scope),
        null);
  }

  private String sign(Client client, String scope, String jkt) {
    long now = System.currentTimeMillis() / 1000;
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(config.issuer());
    claims.setSubject(client.clientId());
    claims.setAudience(config.audience());
    claims.setClaim("client_id", client.clientId());
    claims.setClaim("scope", scope);
    claims.setClaim("env", client.environment());
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setExpirationTime(NumericDate.fromSeconds(now + config.tokenLifetime().toSeconds()));
    if (jkt != null) {
      claims.setClaim("cnf", Map.of("jkt", jkt));
    }
    // the client's defaults, for the services that create its links and consents (seed 004: a
    // request's options.ux_template overrides the client's template)
    if (client.uxTemplate() != null) {
      claims.setClaim("ux_template", client.uxTemplate());
    }
    if (client.webhookUrl() != null) {
      claims.setClaim("webhook_url", client.webhookUrl());
    }
    return keys.signAccessToken(claims);
  }

  /** Signals a throttled client id. */
  static final class Throttled extends RuntimeException {
    final long retryAfter;

    Throttled(long retryAfter) {
      super(null, null, false, false);
      this.retryAfter = retryAfter;
    }
  }
}
