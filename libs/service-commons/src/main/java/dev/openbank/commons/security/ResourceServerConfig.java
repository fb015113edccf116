package dev.openbank.commons.security;

import dev.openbank.commons.web.UrlRules;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How a service validates access tokens from auth-service. */
@ConfigMapping(prefix = "openbank.security")
public interface ResourceServerConfig {

  /**
   * auth-service's issuer URL; its {@code /.well-known/openid-configuration} names the JWKS.
   * Without it, bearer-token authentication is off.
   */
  Optional<String> issuer();

  /**
   * Where this service reaches auth-service when that is not the issuer URL itself: inside a
   * cluster or a compose network the public issuer URL may not be reachable (e.g. {@code
   * http://auth-service}). Discovery, the JWKS and service tokens are then fetched here, while
   * tokens must still name {@link #issuer()}.
   */
  Optional<String> issuerUrl();

  /**
   * Where this service reaches auth-service (discovery, the JWKS, the token endpoint): {@link
   * #issuerUrl()} when set, else {@link #issuer()}; without a trailing slash.
   */
  default Optional<String> reachedAt() {
    return issuerUrl().or(this::issuer).map(UrlRules::base);
  }

  /** The audience tokens must be issued for. */
  @WithDefault("openbank-api")
  String audience();

  /** Tolerated clock difference with the issuer. */
  @WithDefault("30s")
  Duration clockSkew();

  /** How old a DPoP proof may be. */
  @WithDefault("60s")
  Duration dpopMaxAge();

  /**
   * The service's public base URL (scheme, host, port) as clients call it, e.g. behind a
   * TLS-terminating proxy. DPoP proofs' {@code htu} is checked against it plus the request path;
   * without it, against the URL the request itself names.
   */
  Optional<String> publicBaseUrl();

  /** How long fetched signing keys are cached when the JWKS response does not say. */
  @WithDefault("5m")
  Duration jwksCache();
}
