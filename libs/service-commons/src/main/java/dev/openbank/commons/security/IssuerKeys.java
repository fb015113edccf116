package dev.openbank.commons.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.web.UrlRules;
import java.io.IOException;
import java.util.List;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Resolves the issuer's signing keys from its discovery document, so a service needs nothing but
 * the issuer URL. The JWKS is cached and re-fetched when a token names an unknown key id, so a
 * rotation is picked up at once and a removed key stops verifying after the cache period.
 */
final class IssuerKeys implements VerificationKeyResolver {

  private final String issuer;
  private final String fetchBase;
  private final long cacheSeconds;
  private volatile HttpsJwksVerificationKeyResolver delegate;

  /**
   * @param issuer the issuer tokens must name
   * @param fetchBase where auth-service is reached (the issuer itself unless a cluster-internal
   *     address is configured); a discovered JWKS URL under the issuer is fetched under it too
   */
  IssuerKeys(String issuer, String fetchBase, long cacheSeconds) {
    this.issuer = UrlRules.base(issuer);
    this.fetchBase = UrlRules.base(fetchBase);
    this.cacheSeconds = cacheSeconds;
  }

  @Override
  public java.security.Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting)
      throws UnresolvableKeyException {
    return resolver().resolveKey(jws, nesting);
  }

  private HttpsJwksVerificationKeyResolver resolver() throws UnresolvableKeyException {
    HttpsJwksVerificationKeyResolver current = delegate;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (delegate == null) {
        try {
          String body = new Get().get(fetchBase + "/.well-known/openid-configuration").getBody();
          JsonNode discovery = new ObjectMapper().readTree(body);
          if (!issuer.equals(discovery.path("issuer").asText())) {
            throw new UnresolvableKeyException("discovery document names another issuer");
          }
          HttpsJwks jwks = new HttpsJwks(reachable(discovery.path("jwks_uri").asText()));
          jwks.setDefaultCacheDuration(cacheSeconds);
          jwks.setRetainCacheOnErrorDuration(cacheSeconds);
          delegate = new HttpsJwksVerificationKeyResolver(jwks);
        } catch (IOException e) {
          throw new UnresolvableKeyException("issuer discovery failed: " + e.getMessage(), e);
        }
      }
      return delegate;
    }
  }

  /** A URL under the issuer, moved under the address this service reaches auth-service at. */
  String reachable(String url) {
    return url.startsWith(issuer + "/") ? fetchBase + url.substring(issuer.length()) : url;
  }
}
