package dev.openbank.webhooks.service;

import dev.openbank.commons.crypto.KeyEncryption;
import dev.openbank.commons.crypto.SigningKeys;
import dev.openbank.commons.crypto.SigningKeys.OpenedKey;
import dev.openbank.commons.crypto.SigningKeys.SealedKey;
import dev.openbank.webhooks.config.WebhookConfig;
import dev.openbank.webhooks.domain.KeyPlan;
import dev.openbank.webhooks.repository.KeyRepository;
import dev.openbank.webhooks.repository.KeyRepository.StoredKey;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * The webhook signing keys of this replica: loaded from the database every refresh interval,
 * rotated by whichever replica holds the lock (see {@link KeyPlan}), and used to sign bodies.
 */
@ApplicationScoped
public class WebhookKeys {

  private static final Logger LOG = Logger.getLogger(WebhookKeys.class);

  /** Newest first: the JWKS, and the key that signs now. */
  private record Snapshot(List<OpenedKey> published, List<Instant> activatesAt, String jwks) {

    /**
     * The newest key already active now. Chosen at each signature, not at load time: a replica
     * switches to a new key the moment it activates, so the key it replaces stops signing a full
     * period before it leaves the JWKS, however the refresh timer falls.
     */
    OpenedKey signing(Instant now) {
      for (int i = 0; i < published.size(); i++) {
        if (!activatesAt.get(i).isAfter(now)) {
          return published.get(i);
        }
      }
      return published.get(published.size() - 1);
    }
  }

  private final WebhookConfig config;
  private final KeyRepository keys;
  private final KeyEncryption encryption;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

  public WebhookKeys(WebhookConfig config, KeyRepository keys) {
    this.config = config;
    this.keys = keys;
    this.encryption = new KeyEncryption(Base64.getDecoder().decode(config.masterKey()));
    KeyPlan.check(config.rotationPeriod(), config.keyRefresh());
    if (!java.util.Set.of("RS256", "PS256", "ES256").contains(config.signingAlgorithm())) {
      throw new IllegalStateException(
          "openbank.webhooks.signing-algorithm must be RS256, PS256 or ES256");
    }
  }

  void onStart(@Observes StartupEvent event, Vertx vertx) {
    maintain().await().atMost(Duration.ofSeconds(60));
    vertx.setPeriodic(
        config.keyRefresh().toMillis(),
        id ->
            maintain()
                .subscribe()
                .with(ok -> {}, e -> LOG.warnf("webhook key refresh failed: %s", e.getMessage())));
  }

  /**
   * Rotates if due (one replica), then reloads this replica's view of the keys. A key is generated
   * before the rotation lock is taken and off the event loop: an RSA key takes 0.1-0.7 s, and
   * seconds on a loaded machine, during which the transaction would hold every replica's refresh
   * and the event loop would stop delivering. The rotation's times are taken once the lock is held
   * and the key exists, so a slow generation cannot eat into the new key's activation delay.
   */
  public Uni<Void> maintain() {
    return keys.newest()
        .chain(
            seen -> {
              int wanted = keysWanted(seen, Instant.now());
              if (wanted == 0) {
                return Uni.createFrom().item(seen);
              }
              return generate(wanted)
                  .chain(fresh -> keys.maintain(newest -> plan(newest, fresh)))
                  .chain(keys::newest);
            })
        .invoke(this::load)
        .replaceWithVoid();
  }

  /** How many new keys the keys {@code newest} call for at {@code now}: 2, 1 or 0. */
  private int keysWanted(List<StoredKey> newest, Instant now) {
    if (newest.isEmpty()) {
      return 2;
    }
    return newest.size() < 2
            || KeyPlan.rotationDue(newest.get(0).createdAt(), config.rotationPeriod(), now)
        ? 1
        : 0;
  }

  /** {@code count} new keys, made side by side on worker threads. */
  private Uni<List<SealedKey>> generate(int count) {
    List<Uni<SealedKey>> each = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      each.add(
          Uni.createFrom()
              .item(() -> SigningKeys.generate(config.signingAlgorithm(), encryption))
              .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }
    return Uni.join().all(each).andFailFast();
  }

  /**
   * Under the rotation lock: the keys to add, from {@code fresh}, given the newest keys as they are
   * now (another replica may have rotated since this one looked).
   */
  private List<StoredKey> plan(List<StoredKey> newest, List<SealedKey> fresh) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    int wanted = keysWanted(newest, now);
    if (wanted == 0 || wanted > fresh.size()) {
      return List.of(); // done by another replica, or more to do than made: the next refresh
    }
    if (wanted == 2) {
      // the first start: two keys so the JWKS has its two from day one; the newer signs
      return List.of(
          new StoredKey(fresh.get(0), now.minusMillis(1), now),
          new StoredKey(fresh.get(1), now, now));
    }
    LOG.infof("Rotating the webhook signing key (was %s)", newest.get(0).key().kid());
    return List.of(
        new StoredKey(fresh.get(0), now, now.plus(KeyPlan.activationDelay(config.keyRefresh()))));
  }

  private void load(List<StoredKey> newest) {
    Snapshot old = snapshot.get();
    List<OpenedKey> opened =
        newest.stream()
            .map(
                k ->
                    old != null
                        ? old.published().stream()
                            .filter(o -> o.kid().equals(k.key().kid()))
                            .findFirst()
                            .orElseGet(() -> SigningKeys.open(k.key(), encryption))
                        : SigningKeys.open(k.key(), encryption))
            .toList();
    StringBuilder jwks = new StringBuilder("{\"keys\":[");
    for (int i = 0; i < opened.size(); i++) {
      jwks.append(i > 0 ? "," : "")
          .append(opened.get(i).publicJwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }
    snapshot.set(
        new Snapshot(
            opened,
            newest.stream().map(StoredKey::activatesAt).toList(),
            jwks.append("]}").toString()));
  }

  /** {@code {"keys":[current-or-next, previous]}}, newest first. */
  public String jwks() {
    return snapshot.get().jwks();
  }

  /**
   * Signs the exact body bytes: a compact JWS whose payload is the body, with {@code kid}, and the
   * delivery id and send time as protected headers.
   */
  public Signature sign(String body, String webhookId, long timestamp) {
    OpenedKey key = snapshot.get().signing(Instant.now());
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayloadBytes(body.getBytes(StandardCharsets.UTF_8));
      jws.setAlgorithmHeaderValue(key.alg());
      jws.setKeyIdHeaderValue(key.kid());
      jws.getHeaders().setObjectHeaderValue("webhook_id", webhookId);
      jws.getHeaders().setObjectHeaderValue("iat", timestamp);
      jws.setKey(key.privateKey());
      return new Signature(jws.getCompactSerialization(), key.kid());
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign a webhook", e);
    }
  }

  /** The {@code x-signature} and {@code x-signature-kid} header values. */
  public record Signature(String jws, String kid) {}
}
