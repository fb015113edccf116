package dev.openbank.consent.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Consents and their status history; every client read filters on the client. */
@ApplicationScoped
public class ConsentRepository {

  private static final String COLUMNS =
      "id, web_id, client_id, environment, status, scope, provider_code, ais_method_id,"
          + " valid_until, frequency_per_day, redirect_url, webhook_url, device_id, ux_template,"
          + " flow_type, sca_url, authorized_at, inserted_at, updated_at";

  private final Pool pool;

  public ConsentRepository(Pool pool) {
    this.pool = pool;
  }

  public Uni<Void> insert(SqlConnection tx, ConsentRow c) {
    return tx.preparedQuery(
            "INSERT INTO consent (id, web_id, client_id, environment, status, scope,"
                + " provider_code, ais_method_id, valid_until, frequency_per_day, redirect_url,"
                + " webhook_url, device_id, ux_template, flow_type, inserted_at, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
                + " $16, $16)")
        .execute(
            Tuple.tuple()
                .addUUID(c.id())
                .addString(c.webId())
                .addString(c.clientId())
                .addString(c.environment())
                .addString(c.status())
                .addArrayOfString(c.scope().toArray(String[]::new))
                .addString(c.providerCode())
                .addString(c.aisMethodId())
                .addLocalDate(c.validUntil())
                .addInteger(c.frequencyPerDay())
                .addString(c.redirectUrl())
                .addString(c.webhookUrl())
                .addString(c.deviceId())
                .addString(c.uxTemplate())
                .addString(c.flowType())
                .addOffsetDateTime(utc(c.insertedAt())))
        .chain(() -> history(tx, c.id(), c.status(), c.insertedAt()));
  }

  private Uni<Void> history(SqlConnection tx, UUID id, String status, Instant at) {
    return tx.preparedQuery(
            "INSERT INTO consent_status_history (consent_id, status, at) VALUES ($1, $2, $3)")
        .execute(Tuple.of(id, status, utc(at)))
        .replaceWithVoid();
  }

  /** The client's consent, or null (another client's consent does not exist for this one). */
  public Uni<ConsentRow> find(String clientId, UUID id) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM consent WHERE id = $1 AND client_id = $2")
        .execute(Tuple.of(id, clientId))
        .map(ConsentRepository::first);
  }

  /** Any client's consent, or null: for the platform's own services only (internal API). */
  public Uni<ConsentRow> findAny(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM consent WHERE id = $1")
        .execute(Tuple.of(id))
        .map(ConsentRepository::first);
  }

  /** The consent behind a public web id (the consent pages), or null. */
  public Uni<ConsentRow> findByWebId(String webId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM consent WHERE web_id = $1")
        .execute(Tuple.of(webId))
        .map(ConsentRepository::first);
  }

  /** Locks a consent for a status change in {@code tx}; null if there is none. */
  public Uni<ConsentRow> lock(SqlConnection tx, UUID id) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM consent WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .map(ConsentRepository::first);
  }

  /** A new status with its history row; authorized also sets {@code authorized_at}. */
  public Uni<Void> setStatus(SqlConnection tx, UUID id, String status) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return tx.preparedQuery(
            "UPDATE consent SET status = $2, updated_at = $3, authorized_at = CASE WHEN $2 ="
                + " 'authorized' THEN $3 ELSE authorized_at END WHERE id = $1")
        .execute(Tuple.of(id, status, utc(now)))
        .chain(() -> history(tx, id, status, now));
  }

  /** The bank the end user chose, and where they authorise the consent there. */
  public Uni<Void> setBank(
      SqlConnection tx, UUID id, String providerCode, String methodId, String scaUrl) {
    return tx.preparedQuery(
            "UPDATE consent SET provider_code = $2, ais_method_id = $3, sca_url = $4 WHERE id = $1")
        .execute(Tuple.of(id, providerCode, methodId, scaUrl))
        .replaceWithVoid();
  }

  /** Consents past their last valid day that have not ended, locked; at most {@code limit}. */
  public Uni<List<ConsentRow>> lockExpired(SqlConnection tx, int limit) {
    return tx.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM consent WHERE status NOT IN ('expired', 'revoked', 'failed')"
                + " AND valid_until < (now() AT TIME ZONE 'UTC')::date"
                + " ORDER BY valid_until LIMIT $1 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              List<ConsentRow> out = new ArrayList<>();
              rows.forEach(r -> out.add(toRow(r)));
              return out;
            });
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static ConsentRow first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toRow(rows.iterator().next());
  }

  private static ConsentRow toRow(Row r) {
    OffsetDateTime authorized = r.getOffsetDateTime("authorized_at");
    return new ConsentRow(
        r.getUUID("id"),
        r.getString("web_id"),
        r.getString("client_id"),
        r.getString("environment"),
        r.getString("status"),
        Arrays.asList(r.getArrayOfStrings("scope")),
        r.getString("provider_code"),
        r.getString("ais_method_id"),
        r.getLocalDate("valid_until"),
        r.getInteger("frequency_per_day"),
        r.getString("redirect_url"),
        r.getString("webhook_url"),
        r.getString("device_id"),
        r.getString("ux_template"),
        r.getString("flow_type"),
        r.getString("sca_url"),
        authorized == null ? null : authorized.toInstant(),
        r.getOffsetDateTime("inserted_at").toInstant(),
        r.getOffsetDateTime("updated_at").toInstant());
  }
}
