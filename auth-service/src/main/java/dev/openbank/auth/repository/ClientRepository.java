package dev.openbank.auth.repository;

import static dev.openbank.auth.repository.SigningKeyRepository.instant;
import static dev.openbank.auth.repository.SigningKeyRepository.utc;

import dev.openbank.auth.domain.Client;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/** Storage of API clients. */
@ApplicationScoped
public class ClientRepository {

  /** A client together with the throttling state of its id, read in one round trip. */
  public record ClientForToken(Client client, int failures, Instant lockedUntil) {}

  private final Pool pool;

  public ClientRepository(Pool pool) {
    this.pool = pool;
  }

  /** The client (null if unknown) and the failure counter of the presented id. */
  public Uni<ClientForToken> findForToken(String clientId) {
    return pool.preparedQuery(
            "SELECT c.*, f.failures, f.locked_until FROM (SELECT $1::text AS id) q"
                + " LEFT JOIN client c ON c.client_id = q.id"
                + " LEFT JOIN auth_failure f ON f.client_id = q.id")
        .execute(Tuple.of(clientId))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              Integer failures = r.getInteger("failures");
              return new ClientForToken(
                  r.getString("client_id") == null ? null : map(r),
                  failures == null ? 0 : failures,
                  instant(r.getOffsetDateTime("locked_until")));
            });
  }

  public Uni<Client> find(SqlConnection c, String clientId) {
    return c.preparedQuery("SELECT * FROM client WHERE client_id = $1")
        .execute(Tuple.of(clientId))
        .map(rows -> rows.rowCount() == 0 ? null : map(rows.iterator().next()));
  }

  public Uni<Void> insert(SqlConnection tx, Client c) {
    return tx.preparedQuery(
            "INSERT INTO client (client_id, name, environment, scopes, ux_template, webhook_url,"
                + " require_dpop, secret_hash, jwks, status, created_at, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .execute(
            Tuple.from(
                new Object[] {
                  c.clientId(),
                  c.name(),
                  c.environment(),
                  c.scopes().stream().sorted().toArray(String[]::new),
                  c.uxTemplate(),
                  c.webhookUrl(),
                  c.requireDpop(),
                  c.secretHash() == null
                      ? null
                      : io.vertx.core.buffer.Buffer.buffer(c.secretHash()),
                  c.jwks(),
                  c.status(),
                  utc(c.createdAt()),
                  utc(c.updatedAt())
                }))
        .replaceWithVoid();
  }

  /** Sets one updatable column; returns the updated client or null if unknown. */
  public Uni<Client> update(SqlConnection tx, String clientId, String column, Object value) {
    if (!List.of("status", "secret_hash", "jwks", "require_dpop").contains(column)) {
      throw new IllegalArgumentException(column);
    }
    Object bound = value instanceof byte[] b ? io.vertx.core.buffer.Buffer.buffer(b) : value;
    return tx.preparedQuery(
            "UPDATE client SET "
                + column
                + " = $2, updated_at = now() WHERE client_id = $1 RETURNING *")
        .execute(Tuple.of(clientId, bound))
        .map(rows -> rows.rowCount() == 0 ? null : map(rows.iterator().next()));
  }

  /** A page in creation order, after the keyset {@code (createdAt, clientId)} if given. */
  public Uni<List<Client>> page(Instant afterCreated, String afterId, int limit) {
    String sql =
        afterCreated == null
            ? "SELECT * FROM client ORDER BY created_at, client_id LIMIT $1"
            : "SELECT * FROM client WHERE (created_at, client_id) > ($2, $3)"
                + " ORDER BY created_at, client_id LIMIT $1";
    Tuple args =
        afterCreated == null ? Tuple.of(limit) : Tuple.of(limit, utc(afterCreated), afterId);
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<Client> out = new ArrayList<>();
              rows.forEach(r -> out.add(map(r)));
              return out;
            });
  }

  static Client map(Row r) {
    Buffer hash = r.getBuffer("secret_hash");
    return new Client(
        r.getString("client_id"),
        r.getString("name"),
        r.getString("environment"),
        new LinkedHashSet<>(Arrays.asList(r.getArrayOfStrings("scopes"))),
        r.getString("ux_template"),
        r.getString("webhook_url"),
        r.getBoolean("require_dpop"),
        hash == null ? null : hash.getBytes(),
        r.getString("jwks"),
        r.getString("status"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("updated_at")));
  }
}
