package dev.openbank.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The admin audit trail: one row per admin action, written in the action's transaction. */
@ApplicationScoped
public class AuditRepository {

  private final Pool pool;

  public AuditRepository(Pool pool) {
    this.pool = pool;
  }

  public Uni<Void> record(
      SqlConnection tx, String actor, String action, String clientId, String details) {
    return tx.preparedQuery(
            "INSERT INTO admin_audit (actor, action, client_id, details) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(actor, action, clientId, details))
        .replaceWithVoid();
  }

  /** The newest entries for a client, newest first. */
  public Uni<List<Map<String, Object>>> forClient(String clientId, int limit) {
    return pool.preparedQuery(
            "SELECT id, at, actor, action, client_id, details FROM admin_audit"
                + " WHERE client_id = $1 ORDER BY id DESC LIMIT $2")
        .execute(Tuple.of(clientId, limit))
        .map(
            rows -> {
              List<Map<String, Object>> out = new ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          Map.of(
                              "id", r.getLong("id"),
                              "at", r.getOffsetDateTime("at").toInstant().toString(),
                              "actor", r.getString("actor"),
                              "action", r.getString("action"),
                              "details",
                                  r.getString("details") == null ? "" : r.getString("details"))));
              return out;
            });
  }
}
