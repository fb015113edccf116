package dev.openbank.webhooks.repository;

import dev.openbank.commons.crypto.SigningKeys.SealedKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Webhook signing keys; only the newest two are kept, and they are the JWKS. */
@ApplicationScoped
public class KeyRepository {

  /** A stored key. */
  public record StoredKey(SealedKey key, Instant createdAt, Instant activatesAt) {}

  private static final long ROTATION_LOCK = 8_330_417L;

  private final Pool pool;

  public KeyRepository(Pool pool) {
    this.pool = pool;
  }

  /** The newest two keys, newest first. */
  public Uni<List<StoredKey>> newest() {
    return newest(null);
  }

  private Uni<List<StoredKey>> newest(SqlConnection tx) {
    var query =
        (tx == null ? pool.query(SELECT) : tx.query(SELECT))
            .execute()
            .map(
                rows -> {
                  List<StoredKey> keys = new ArrayList<>();
                  rows.forEach(
                      r ->
                          keys.add(
                              new StoredKey(
                                  new SealedKey(
                                      r.getString("kid"),
                                      r.getString("alg"),
                                      r.getString("public_jwk"),
                                      r.getBuffer("private_key_enc").getBytes()),
                                  r.getOffsetDateTime("created_at").toInstant(),
                                  r.getOffsetDateTime("activates_at").toInstant())));
                  return keys;
                });
    return query;
  }

  private static final String SELECT =
      "SELECT kid, alg, public_jwk, private_key_enc, created_at, activates_at FROM signing_key"
          + " ORDER BY created_at DESC, kid LIMIT 2";

  /**
   * Under a cluster-wide lock, lets {@code decide} look at the newest keys and add the keys it
   * returns; keys older than the newest two are then deleted. Exactly one replica rotates.
   */
  public Uni<Void> maintain(java.util.function.Function<List<StoredKey>, List<StoredKey>> decide) {
    return pool.withTransaction(
        tx ->
            tx.query("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")")
                .execute()
                .chain(() -> newest(tx))
                .chain(
                    keys -> {
                      List<StoredKey> add = decide.apply(keys);
                      if (add.isEmpty()) {
                        return Uni.createFrom().voidItem();
                      }
                      List<Tuple> rows = new ArrayList<>();
                      for (StoredKey k : add) {
                        rows.add(
                            Tuple.tuple()
                                .addString(k.key().kid())
                                .addString(k.key().alg())
                                .addString(k.key().publicJwk())
                                .addBuffer(Buffer.buffer(k.key().sealedPrivateKey()))
                                .addOffsetDateTime(
                                    OffsetDateTime.ofInstant(k.createdAt(), ZoneOffset.UTC))
                                .addOffsetDateTime(
                                    OffsetDateTime.ofInstant(k.activatesAt(), ZoneOffset.UTC)));
                      }
                      return tx.preparedQuery(
                              "INSERT INTO signing_key (kid, alg, public_jwk, private_key_enc,"
                                  + " created_at, activates_at) VALUES ($1, $2, $3, $4, $5, $6)")
                          .executeBatch(rows)
                          .chain(
                              () ->
                                  tx.query(
                                          "DELETE FROM signing_key WHERE kid NOT IN (SELECT kid"
                                              + " FROM signing_key ORDER BY created_at DESC, kid"
                                              + " LIMIT 2)")
                                      .execute())
                          .replaceWithVoid();
                    }));
  }
}
