package dev.openbank.ais.repository;

import dev.openbank.ais.domain.ConsentTerms;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** ais-service's copy of consents (consent-service owns them). */
@ApplicationScoped
public class ConsentRepository {

  private static final String COLUMNS =
      "id, client_id, status, scope, valid_until, frequency_per_day, device_id, webhook_url,"
          + " authorized_at, provider_code, base_url, bank_consent_id";

  private final Pool pool;

  public ConsentRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the consent as consent-service now has it. An ended consent stays ended (an older copy
   * never revives it), and an ended consent is never refreshed again.
   */
  public Uni<Void> upsert(SqlConnection tx, ConsentTerms c) {
    return tx.preparedQuery(
            "INSERT INTO consent (id, client_id, status, scope, valid_until, frequency_per_day,"
                + " device_id, webhook_url, authorized_at, provider_code, base_url,"
                + " bank_consent_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                + " $11, $12, now()) ON CONFLICT (id) DO UPDATE SET status = CASE WHEN"
                + " consent.status IN ('revoked', 'expired', 'failed') THEN consent.status ELSE"
                + " EXCLUDED.status END, scope = EXCLUDED.scope, valid_until ="
                + " EXCLUDED.valid_until, frequency_per_day = EXCLUDED.frequency_per_day,"
                + " device_id = EXCLUDED.device_id, webhook_url = EXCLUDED.webhook_url,"
                + " authorized_at = EXCLUDED.authorized_at, provider_code ="
                + " EXCLUDED.provider_code, base_url = EXCLUDED.base_url, bank_consent_id ="
                + " EXCLUDED.bank_consent_id, updated_at = now()")
        .execute(
            Tuple.from(
                new Object[] {
                  c.id(),
                  c.clientId(),
                  c.status(),
                  c.scope().toArray(new String[0]),
                  c.validUntil(),
                  c.frequencyPerDay(),
                  c.deviceId(),
                  c.webhookUrl(),
                  utc(c.authorizedAt()),
                  c.providerCode(),
                  c.baseUrl(),
                  c.bankConsentId()
                }))
        .chain(() -> endRefreshes(tx, c.id()));
  }

  /**
   * The consent ended (revoked, expired, failed): no more jobs. A consent not known here (never
   * authorized) needs nothing.
   */
  public Uni<Void> end(SqlConnection tx, UUID id, String status) {
    return tx.preparedQuery(
            "UPDATE consent SET status = $2, next_refresh_at = NULL, updated_at = now()"
                + " WHERE id = $1 AND status NOT IN ('revoked', 'expired', 'failed')")
        .execute(Tuple.of(id, status))
        .replaceWithVoid();
  }

  private Uni<Void> endRefreshes(SqlConnection tx, UUID id) {
    return tx.preparedQuery(
            "UPDATE consent SET next_refresh_at = NULL WHERE id = $1"
                + " AND status IN ('revoked', 'expired', 'failed')")
        .execute(Tuple.of(id))
        .replaceWithVoid();
  }

  /** The client's consent, or null (another client's consent does not exist for this one). */
  public Uni<ConsentTerms> find(String clientId, UUID id) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM consent WHERE id = $1 AND client_id = $2")
        .execute(Tuple.of(id, clientId))
        .map(ConsentRepository::first);
  }

  /** Any client's consent, or null (for the platform's own work: jobs, events). */
  public Uni<ConsentTerms> find(UUID id) {
    return find(pool, id);
  }

  public Uni<ConsentTerms> find(SqlClient client, UUID id) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM consent WHERE id = $1")
        .execute(Tuple.of(id))
        .map(ConsentRepository::first);
  }

  /** Locks the consent in {@code tx} (one job decision at a time per consent); null if unknown. */
  public Uni<ConsentTerms> lock(SqlConnection tx, UUID id) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM consent WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .map(ConsentRepository::first);
  }

  /** When the next scheduled refresh is due (null: none). */
  public Uni<Void> scheduleRefresh(SqlClient client, UUID id, Instant at) {
    return client
        .preparedQuery(
            "UPDATE consent SET next_refresh_at = $2 WHERE id = $1"
                + " AND status NOT IN ('revoked', 'expired', 'failed')")
        .execute(Tuple.of(id, utc(at)))
        .replaceWithVoid();
  }

  /**
   * Schedules the consent's refreshes if none is scheduled and the bank may be read (after
   * authorisation, or when a suspended consent is active again).
   */
  public Uni<Void> scheduleRefreshIfNone(SqlClient client, UUID id, Instant at) {
    return client
        .preparedQuery(
            "UPDATE consent SET next_refresh_at = $2 WHERE id = $1 AND next_refresh_at IS NULL"
                + " AND status IN ('authorized', 'active')")
        .execute(Tuple.of(id, utc(at)))
        .replaceWithVoid();
  }

  /** Consents due a scheduled refresh, locked in {@code tx}; at most {@code limit}. */
  public Uni<List<ConsentTerms>> lockDueRefreshes(SqlConnection tx, int limit) {
    return tx.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM consent WHERE next_refresh_at <= now() ORDER BY next_refresh_at"
                + " LIMIT $1 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(limit))
        .map(ConsentRepository::all);
  }

  /** Ended consents whose data is still stored (client id, consent id); at most {@code limit}. */
  public Uni<List<Map.Entry<String, UUID>>> endedWithData(int limit) {
    return pool.preparedQuery(
            "SELECT client_id, id FROM consent WHERE status IN ('revoked', 'expired', 'failed')"
                + " AND purged_at IS NULL ORDER BY updated_at LIMIT $1")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<Map.Entry<String, UUID>> out = new ArrayList<>();
              rows.forEach(r -> out.add(Map.entry(r.getString("client_id"), r.getUUID("id"))));
              return out;
            });
  }

  public Uni<Void> purged(UUID id) {
    return pool.preparedQuery("UPDATE consent SET purged_at = now() WHERE id = $1")
        .execute(Tuple.of(id))
        .replaceWithVoid();
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static ConsentTerms first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toTerms(rows.iterator().next());
  }

  private static List<ConsentTerms> all(RowSet<Row> rows) {
    List<ConsentTerms> out = new ArrayList<>();
    rows.forEach(r -> out.add(toTerms(r)));
    return out;
  }

  private static ConsentTerms toTerms(Row r) {
    OffsetDateTime authorized = r.getOffsetDateTime("authorized_at");
    return new ConsentTerms(
        r.getUUID("id"),
        r.getString("client_id"),
        r.getString("status"),
        Arrays.asList(r.getArrayOfStrings("scope")),
        r.getLocalDate("valid_until"),
        r.getInteger("frequency_per_day"),
        r.getString("device_id"),
        r.getString("webhook_url"),
        authorized == null ? null : authorized.toInstant(),
        r.getString("provider_code"),
        r.getString("base_url"),
        r.getString("bank_consent_id"));
  }
}
