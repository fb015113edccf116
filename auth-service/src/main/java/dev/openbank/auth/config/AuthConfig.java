package dev.openbank.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every setting of auth-service. Secrets come from the environment or a Kubernetes Secret. */
@ConfigMapping(prefix = "openbank.auth")
public interface AuthConfig {

  /** The issuer URL: {@code iss} of every token and base of the discovery document. */
  String issuer();

  /** The {@code aud} of issued access tokens; resource servers expect it. */
  @WithDefault("openbank-api")
  String audience();

  /** Lifetime of access tokens. */
  @WithDefault("300s")
  Duration tokenLifetime();

  /** Signing algorithm for new keys: RS256 (default, FinqLink-compatible), PS256 or ES256. */
  @WithDefault("RS256")
  String signingAlgorithm();

  /** How long a signing key is current before a new one replaces it. */
  @WithDefault("30d")
  Duration keyRotationPeriod();

  /** How often each replica reloads signing keys (and the rotation check runs). */
  @WithDefault("10s")
  Duration keyRefreshInterval();

  /** Base64 of 32 bytes: encrypts signing private keys at rest (AES-256-GCM). Secret. */
  String masterKey();

  /** Base64 of 32+ bytes: the key of the keyed hash of client secrets. Secret. */
  String secretHashKey();

  /** The admin credential for the client registry ({@code X-Admin-Key}). Secret. */
  String adminKey();

  /** Longest lifetime ({@code exp - now}) accepted for a private_key_jwt assertion. */
  @WithDefault("3600s")
  Duration assertionMaxLifetime();

  /** Tolerated clock difference with clients. */
  @WithDefault("30s")
  Duration clockSkew();

  /** Failed token requests for one client_id within {@link #failureWindow()} before lock-out. */
  @WithDefault("10")
  int maxFailures();

  /** The window in which failures are counted. */
  @WithDefault("5m")
  Duration failureWindow();

  /** How long a client_id is refused after too many failures. */
  @WithDefault("5m")
  Duration lockout();

  /** Cache-Control max-age of the JWKS response. */
  @WithDefault("60s")
  Duration jwksMaxAge();

  /**
   * How long a replica caches a client for the token endpoint; changes made on another replica take
   * effect within it. 0 disables the cache.
   */
  @WithDefault("2s")
  Duration clientCacheTtl();

  /**
   * Where tokens are signed: 0 (the default) on the event loop that read the request; N &gt; 0 on N
   * signer threads behind one bounded FIFO queue ({@link #signingQueue()}).
   */
  @WithDefault("0")
  int signingThreads();

  /**
   * With signer threads: token requests that may wait for one; beyond it the endpoint answers 503.
   */
  @WithDefault("2000")
  int signingQueue();

  /** How old a DPoP proof at the token endpoint may be. */
  @WithDefault("60s")
  Duration dpopMaxAge();
}
