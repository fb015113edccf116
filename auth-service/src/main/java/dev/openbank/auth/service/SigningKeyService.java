package dev.openbank.auth.service;

import dev.openbank.auth.config.AuthConfig;
import dev.openbank.auth.domain.KeyEncryption;
import dev.openbank.auth.domain.KeyRing;
import dev.openbank.auth.domain.SigningKey;
import dev.openbank.auth.repository.AuditRepository;
import dev.openbank.auth.repository.SigningKeyRepository;
import dev.openbank.auth.repository.SigningKeyRepository.StoredKey;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Holds the token-signing keys in memory and rotates them.
 *
 * <p>Every replica reloads keys each refresh interval; rotation happens in the database under an
 * advisory lock, so exactly one replica creates the next key and the others start signing with it
 * within one interval. A replaced key stays in the JWKS until every token it may have signed has
 * expired ({@link KeyRing#unpublishAt}).
 */
@ApplicationScoped
public class SigningKeyService {

  private static final Logger LOG = Logger.getLogger(SigningKeyService.class);

  private final AuthConfig config;
  private final SigningKeyRepository repository;
  private final Pool pool;
  private final KeyEncryption encryption;
  private final AuditRepository audit;
  private volatile List<SigningKey> keys = List.of();
  private volatile String jwksJson = "{\"keys\":[]}";

  public SigningKeyService(
      AuthConfig config, SigningKeyRepository repository, Pool pool, AuditRepository audit) {
    this.config = config;
    this.audit = audit;
    this.repository = repository;
    this.pool = pool;
    this.encryption = new KeyEncryption(Base64.getDecoder().decode(config.masterKey()));
  }

  void onStart(@Observes StartupEvent event) {
    refresh();
  }

  /** Rotates if due, then reloads. Runs on a worker thread. */
  @Scheduled(
      every = "${openbank.auth.key-refresh-interval:10s}",
      delayed = "${openbank.auth.key-refresh-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    rotate(null, false, false).await().atMost(Duration.ofSeconds(30));
  }

  /** The key that signs new tokens. */
  public SigningKey current() {
    return KeyRing.current(keys).orElseThrow(() -> new IllegalStateException("no signing key"));
  }

  /** The published public keys as a JWKS document, newest first. */
  public String jwks() {
    return jwksJson;
  }

  /**
   * Rotates now if {@code force} or if due, optionally dropping replaced keys from the JWKS at once
   * (key compromise), then reloads.
   *
   * @param actor the admin who asked (audited), or null for the scheduler
   * @return the current key id afterwards
   */
  public Uni<String> rotate(String actor, boolean force, boolean unpublishPrevious) {
    return pool.withTransaction(
            tx ->
                repository
                    .tryLock(tx)
                    .flatMap(
                        locked -> {
                          if (!locked) {
                            return Uni.createFrom().voidItem();
                          }
                          return repository
                              .loadLive(tx)
                              .flatMap(
                                  stored -> {
                                    Instant now = Instant.now();
                                    boolean due =
                                        force
                                            || KeyRing.rotationDue(
                                                decrypt(stored), now, config.keyRotationPeriod());
                                    Uni<Void> step =
                                        due
                                            ? Uni.createFrom()
                                                .item(this::generate)
                                                .runSubscriptionOn(
                                                    io.smallrye.mutiny.infrastructure.Infrastructure
                                                        .getDefaultWorkerPool())
                                                .flatMap(
                                                    next ->
                                                        repository.replaceCurrent(
                                                            tx,
                                                            next,
                                                            now,
                                                            KeyRing.unpublishAt(
                                                                now,
                                                                config.tokenLifetime(),
                                                                config.keyRefreshInterval(),
                                                                config.clockSkew())))
                                            : Uni.createFrom().voidItem();
                                    Uni<Void> done =
                                        unpublishPrevious
                                            ? step.flatMap(v -> repository.unpublishRetired(tx))
                                                .replaceWithVoid()
                                            : step;
                                    return actor == null
                                        ? done
                                        : done.flatMap(
                                            v ->
                                                audit.record(
                                                    tx,
                                                    actor,
                                                    "keys.rotate",
                                                    null,
                                                    "revoke_previous=" + unpublishPrevious));
                                  });
                        }))
        .flatMap(v -> repository.loadLive())
        .map(
            stored -> {
              install(decrypt(stored));
              return current().kid();
            });
  }

  private void install(List<SigningKey> loaded) {
    Instant now = Instant.now();
    List<JsonWebKey> published = new ArrayList<>();
    for (SigningKey k : KeyRing.published(loaded, now)) {
      published.add(k.publicJwk());
    }
    String previous =
        keys.isEmpty() ? null : KeyRing.current(keys).map(SigningKey::kid).orElse(null);
    keys = List.copyOf(loaded);
    jwksJson = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    String now1 = KeyRing.current(loaded).map(SigningKey::kid).orElse(null);
    if (now1 != null && !now1.equals(previous)) {
      LOG.infof("Signing with key %s (%s)", now1, current().alg());
    }
  }

  private StoredKey generate() {
    try {
      String alg = config.signingAlgorithm();
      PublicJsonWebKey jwk =
          switch (alg) {
            case "RS256", "PS256" -> RsaJwkGenerator.generateJwk(2048);
            case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
            default -> throw new IllegalStateException("unsupported signing algorithm " + alg);
          };
      String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
      jwk.setKeyId(kid);
      jwk.setAlgorithm(alg);
      jwk.setUse("sig");
      byte[] sealed = encryption.encrypt(kid, jwk.getPrivateKey().getEncoded());
      return new StoredKey(
          kid,
          alg,
          jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
          sealed,
          Instant.now().truncatedTo(ChronoUnit.MICROS),
          null,
          null);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<SigningKey> decrypt(List<StoredKey> stored) {
    List<SigningKey> out = new ArrayList<>();
    for (StoredKey s : stored) {
      try {
        PublicJsonWebKey publicJwk = PublicJsonWebKey.Factory.newPublicJwk(s.publicJwk());
        String family = s.alg().startsWith("ES") ? "EC" : "RSA";
        PrivateKey privateKey =
            KeyFactory.getInstance(family)
                .generatePrivate(
                    new PKCS8EncodedKeySpec(encryption.decrypt(s.kid(), s.privateKeyEnc())));
        out.add(
            new SigningKey(
                s.kid(),
                s.alg(),
                publicJwk,
                privateKey,
                s.createdAt(),
                s.retiredAt(),
                s.unpublishAt()));
      } catch (JoseException | java.security.GeneralSecurityException e) {
        throw new IllegalStateException("cannot load signing key " + s.kid(), e);
      }
    }
    return out;
  }
}
