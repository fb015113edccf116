package dev.openbank.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Storage of token-signing keys (private keys only ever encrypted). */
@ApplicationScoped
public class SigningKeyRepository {

  /** A stored key row. */
  public record StoredKey(
      String kid,
      String alg,
      String publicJwk,
      byte[] privateKeyEnc,
      Instant createdAt,
      Instant activatesAt,
      Instant unpublishAt) {}

  /** Keys still published or current, newest first, on the pool or inside a transaction. */
  public Uni<List<StoredKey>> loadLive(SqlClient client) {
    return client
        .query(
            "SELECT * FROM signing_key WHERE unpublish_at IS NULL OR unpublish_at > now()"
                + " ORDER BY activates_at DESC")
        .execute()
        .map(
            rows -> {
              List<StoredKey> keys = new ArrayList<>();
              rows.forEach(r -> keys.add(map(r)));
              return keys;
            });
  }

  /**
   * Takes the cluster-wide rotation lock for the transaction.
   *
   * @param wait block until it is free (an admin's rotation), else give up at once (the timer)
   * @return whether this transaction holds the lock
   */
  public Uni<Boolean> lock(SqlConnection tx, boolean wait) {
    String sql =
        wait
            ? "SELECT pg_advisory_xact_lock(7364118) IS NOT NULL AS locked"
            : "SELECT pg_try_advisory_xact_lock(7364118) AS locked";
    return tx.query(sql).execute().map(rs -> rs.iterator().next().getBoolean("locked"));
  }

  /**
   * Inserts the next key and schedules every key not yet replaced to leave the JWKS at {@code
   * unpublishAt}.
   */
  public Uni<Void> addNext(SqlConnection tx, StoredKey next, Instant unpublishAt) {
    // a pending key that would activate after the new one never signs: drop it at once
    return tx.preparedQuery(
            "UPDATE signing_key SET unpublish_at = now()"
                + " WHERE unpublish_at IS NULL AND activates_at > $1")
        .execute(Tuple.of(utc(next.activatesAt())))
        .flatMap(
            r0 ->
                tx.preparedQuery(
                        "UPDATE signing_key SET unpublish_at = $1 WHERE unpublish_at IS NULL")
                    .execute(Tuple.of(utc(unpublishAt))))
        .flatMap(
            r ->
                tx.preparedQuery(
                        "INSERT INTO signing_key (kid, alg, public_jwk, private_key_enc, created_at,"
                            + " activates_at) VALUES ($1, $2, $3, $4, $5, $6)")
                    .execute(
                        Tuple.of(
                            next.kid(),
                            next.alg(),
                            next.publicJwk(),
                            io.vertx.core.buffer.Buffer.buffer(next.privateKeyEnc()),
                            utc(next.createdAt()),
                            utc(next.activatesAt()))))
        .replaceWithVoid();
  }

  /** Removes every key but {@code keep} from the JWKS now (key compromise). */
  public Uni<Integer> unpublishAllBut(SqlConnection tx, String keep) {
    return tx.preparedQuery(
            "UPDATE signing_key SET unpublish_at = now()"
                + " WHERE kid <> $1 AND (unpublish_at IS NULL OR unpublish_at > now())")
        .execute(Tuple.of(keep))
        .map(rs -> rs.rowCount());
  }

  private static StoredKey map(Row r) {
    return new StoredKey(
        r.getString("kid"),
        r.getString("alg"),
        r.getString("public_jwk"),
        r.getBuffer("private_key_enc").getBytes(),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("activates_at")),
        instant(r.getOffsetDateTime("unpublish_at")));
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
