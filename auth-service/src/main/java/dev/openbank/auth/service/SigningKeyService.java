package dev.openbank.auth.service;

import dev.openbank.auth.config.AuthConfig;
import dev.openbank.auth.domain.KeyRing;
import dev.openbank.auth.domain.SigningKey;
import dev.openbank.auth.repository.AuditRepository;
import dev.openbank.auth.repository.SigningKeyRepository;
import dev.openbank.auth.repository.SigningKeyRepository.StoredKey;
import dev.openbank.commons.crypto.KeyEncryption;
import dev.openbank.commons.crypto.SigningKeys;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Holds the token-signing keys in memory and rotates them.
 *
 * <p>Every replica reloads keys each refresh interval. Rotation happens in the database under an
 * advisory lock, so exactly one replica creates the next key. A scheduled rotation creates it ahead
 * of its activation ({@link KeyRing#activationOfNext}), so every replica publishes it before any
 * replica signs with it, and all switch at the same instant. A replaced key stays in the JWKS until
 * every token it may have signed has expired ({@link KeyRing#unpublishAt}).
 */
@ApplicationScoped
public class SigningKeyService {

  private static final Logger LOG = Logger.getLogger(SigningKeyService.class);

  private final AuthConfig config;
  private final SigningKeyRepository repository;
  private final Pool pool;
  private final AuditRepository audit;
  private final KeyEncryption encryption;

  /** Keys and their JWKS, replaced together; {@code seq} orders concurrent reloads. */
  private record Snapshot(long seq, List<SigningKey> keys, String jwks) {}

  private final AtomicLong reloads = new AtomicLong();
  private final AtomicReference<Snapshot> snapshot =
      new AtomicReference<>(new Snapshot(0, List.of(), "{\"keys\":[]}"));
  private volatile String signingKid;

  public SigningKeyService(
      AuthConfig config, SigningKeyRepository repository, Pool pool, AuditRepository audit) {
    this.config = config;
    this.repository = repository;
    this.pool = pool;
    this.audit = audit;
    this.encryption = new KeyEncryption(Base64.getDecoder().decode(config.masterKey()));
  }

  /** At start every replica waits for the lock, so none starts without a key. */
  void onStart(@Observes StartupEvent event) {
    maintain(true).await().atMost(Duration.ofSeconds(60));
  }

  @Scheduled(
      every = "${openbank.auth.key-refresh-interval:10s}",
      delayed = "${openbank.auth.key-refresh-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    maintain(false).await().atMost(Duration.ofSeconds(60));
  }

  /** The key that signs new tokens now. */
  public SigningKey current() {
    SigningKey key =
        KeyRing.current(snapshot.get().keys(), Instant.now())
            .orElseThrow(() -> new IllegalStateException("no active signing key"));
    if (!key.kid().equals(signingKid)) {
      signingKid = key.kid();
      LOG.infof("Signing with key %s (%s)", key.kid(), key.alg());
    }
    return key;
  }

  /** Signs access-token claims with the current key as an RFC 9068 JWT ({@code typ at+jwt}). */
  public String signAccessToken(JwtClaims claims) {
    SigningKey key = current();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(key.alg());
    jws.setKeyIdHeaderValue(key.kid());
    jws.setHeader("typ", "at+jwt");
    jws.setKey(key.privateKey());
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
    }
  }

  /** The published public keys (a pending next key included) as a JWKS, newest first. */
  public String jwks() {
    return snapshot.get().jwks();
  }

  /** Schedules the next key when due, then reloads. */
  private Uni<Void> maintain(boolean waitForLock) {
    return pool.withTransaction(
            tx ->
                repository
                    .lock(tx, waitForLock)
                    .flatMap(
                        locked ->
                            !locked
                                ? Uni.createFrom().voidItem()
                                : repository
                                    .loadLive(tx)
                                    .flatMap(
                                        stored -> {
                                          Instant now = Instant.now();
                                          if (!KeyRing.rotationDue(
                                              decrypt(stored), now, config.keyRotationPeriod())) {
                                            return Uni.createFrom().voidItem();
                                          }
                                          // the very first key activates at once: nobody signs yet
                                          Instant activates =
                                              stored.isEmpty()
                                                  ? now
                                                  : KeyRing.activationOfNext(
                                                      now,
                                                      config.keyRefreshInterval(),
                                                      config.clockSkew());
                                          return addNext(tx, activates).replaceWithVoid();
                                        })))
        .flatMap(v -> reload());
  }

  /**
   * An operator's rotation: the new key signs at once. With {@code unpublishPrevious} every other
   * key leaves the JWKS at once too (key compromise: tokens they signed stop verifying).
   *
   * @return the new key id
   */
  public Uni<String> rotateNow(String actor, boolean unpublishPrevious) {
    return pool.withTransaction(
            tx ->
                repository
                    .lock(tx, true)
                    .flatMap(locked -> addNext(tx, Instant.now()))
                    .flatMap(
                        kid ->
                            (unpublishPrevious
                                    ? repository.unpublishAllBut(tx, kid).replaceWithVoid()
                                    : Uni.createFrom().voidItem())
                                .flatMap(
                                    v ->
                                        audit.record(
                                            tx,
                                            actor,
                                            "keys.rotate",
                                            null,
                                            "kid="
                                                + kid
                                                + ", revoke_previous="
                                                + unpublishPrevious))
                                .replaceWith(kid)))
        .call(kid -> reload());
  }

  private Uni<String> addNext(SqlConnection tx, Instant activatesAt) {
    return Uni.createFrom()
        .item(() -> generate(activatesAt))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .flatMap(
            next ->
                repository
                    .addNext(
                        tx,
                        next,
                        KeyRing.unpublishAt(
                            activatesAt,
                            config.tokenLifetime(),
                            config.keyRefreshInterval(),
                            config.clockSkew()))
                    .replaceWith(next.kid()));
  }

  private Uni<Void> reload() {
    // a reload that read the database earlier must not overwrite one that read it later
    long seq = reloads.incrementAndGet();
    return repository
        .loadLive(pool)
        .invoke(
            stored -> {
              List<SigningKey> loaded = decrypt(stored);
              List<JsonWebKey> published = new ArrayList<>();
              for (SigningKey k : KeyRing.published(loaded, Instant.now())) {
                published.add(k.publicJwk());
              }
              Snapshot next =
                  new Snapshot(
                      seq,
                      List.copyOf(loaded),
                      new JsonWebKeySet(published)
                          .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
              snapshot.accumulateAndGet(next, (cur, n) -> n.seq() > cur.seq() ? n : cur);
            })
        .replaceWithVoid();
  }

  private StoredKey generate(Instant activatesAt) {
    SigningKeys.SealedKey k = SigningKeys.generate(config.signingAlgorithm(), encryption);
    return new StoredKey(
        k.kid(),
        k.alg(),
        k.publicJwk(),
        k.sealedPrivateKey(),
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        activatesAt.truncatedTo(ChronoUnit.MICROS),
        null);
  }

  private List<SigningKey> decrypt(List<StoredKey> stored) {
    List<SigningKey> out = new ArrayList<>();
    for (StoredKey s : stored) {
      SigningKeys.OpenedKey k =
          SigningKeys.open(
              new SigningKeys.SealedKey(s.kid(), s.alg(), s.publicJwk(), s.privateKeyEnc()),
              encryption);
      out.add(
          new SigningKey(
              s.kid(), s.alg(), k.publicJwk(), k.privateKey(), s.activatesAt(), s.unpublishAt()));
    }
    return out;
  }
}
