package dev.openbank.pis.repository;

import dev.openbank.commons.outbox.Outbox;
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
import java.util.List;
import java.util.UUID;

/** Links, their status history and idempotency keys; every read filters on the client. */
@ApplicationScoped
public class LinkRepository {

  private static final String COLUMNS =
      "id, web_id, client_id, status, amount, amount_text, currency, creditor_name,"
          + " creditor_iban, description, goods::text AS goods, flow_type, provider_code,"
          + " payment_method_id, redirect_url, webhook_url, ux_template, expires_at, inserted_at,"
          + " updated_at, environment, sca_url";

  private final Pool pool;

  public LinkRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Writes a new link, its first history row, its Idempotency-Key (when there is one) and its
   * outbox event in one statement, so in one round trip and one implicit transaction. A key already
   * taken (by a committed create, or by a concurrent one, whose commit the insert waits for) writes
   * nothing and answers false.
   *
   * @param event the outbox row's values in the order of {@link Outbox#COLUMNS}
   */
  public Uni<Boolean> create(LinkRow l, String key, String hash, Object[] event) {
    Tuple values =
        Tuple.tuple()
            .addUUID(l.id())
            .addString(l.webId())
            .addString(l.clientId())
            .addString(l.status())
            .addBigDecimal(l.amount())
            .addString(l.amountText())
            .addString(l.currency())
            .addString(l.creditorName())
            .addString(l.creditorIban())
            .addString(l.description())
            .addString(l.goods())
            .addString(l.flowType())
            .addString(l.providerCode())
            .addString(l.paymentMethodId())
            .addString(l.redirectUrl())
            .addString(l.webhookUrl())
            .addString(l.uxTemplate())
            .addOffsetDateTime(utc(l.expiresAt()))
            .addOffsetDateTime(utc(l.insertedAt()))
            .addString(l.environment())
            .addString(key)
            .addString(hash);
    for (Object value : event) {
      values.addValue(value);
    }
    return pool.preparedQuery(CREATE).execute(values).map(rows -> rows.rowCount() == 1);
  }

  private static final String CREATE =
      "WITH k AS (INSERT INTO idempotency_key (client_id, key, request_hash, link_id)"
          + " SELECT $3, $21, $22, $1 WHERE $21::text IS NOT NULL ON CONFLICT DO NOTHING"
          + " RETURNING link_id),"
          + " l AS (INSERT INTO link (id, web_id, client_id, status, amount, amount_text, currency,"
          + " creditor_name, creditor_iban, description, goods, flow_type, provider_code,"
          + " payment_method_id, redirect_url, webhook_url, ux_template, expires_at, inserted_at,"
          + " updated_at, environment) SELECT $1::uuid, $2::text, $3::text, $4::text,"
          + " $5::numeric, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text::jsonb,"
          + " $12::text, $13::text, $14::text, $15::text, $16::text, $17::text,"
          + " $18::timestamptz, $19::timestamptz, $19::timestamptz, $20::text"
          + " WHERE $21::text IS NULL OR EXISTS (SELECT FROM k)"
          + " RETURNING id, status, inserted_at),"
          + " h AS (INSERT INTO link_status_history (link_id, status, at)"
          + " SELECT id, status, inserted_at FROM l)"
          + " INSERT INTO outbox_event ("
          + Outbox.COLUMNS
          + ") SELECT $23::uuid, $24::text, $25::text, $26::text, $27::text, $28::text,"
          + " $29::timestamptz, $30::text FROM l";

  public Uni<Void> history(SqlConnection tx, UUID id, String status, Instant at) {
    return tx.preparedQuery(
            "INSERT INTO link_status_history (link_id, status, at) VALUES ($1, $2, $3)")
        .execute(Tuple.of(id, status, utc(at)))
        .replaceWithVoid();
  }

  /** The client's link, or null (another client's link does not exist for this one). */
  public Uni<LinkRow> find(String clientId, UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM link WHERE id = $1 AND client_id = $2")
        .execute(Tuple.of(id, clientId))
        .map(LinkRepository::first);
  }

  /** The link behind a public web id, of any client (the pay pages), or null. */
  public Uni<LinkRow> findByWebId(String webId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM link WHERE web_id = $1")
        .execute(Tuple.of(webId))
        .map(LinkRepository::first);
  }

  /** Locks a link by id for a status change in {@code tx}; null if there is none. */
  public Uni<LinkRow> lock(SqlConnection tx, UUID id) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM link WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .map(LinkRepository::first);
  }

  /** The bank the debtor pays through, and where they authorise the payment there. */
  public Uni<Void> setBank(
      SqlConnection tx, UUID id, String providerCode, String methodId, String scaUrl) {
    return tx.preparedQuery(
            "UPDATE link SET provider_code = $2, payment_method_id = $3, sca_url = $4 WHERE id = $1")
        .execute(Tuple.of(id, providerCode, methodId, scaUrl))
        .replaceWithVoid();
  }

  /** Locks the client's link for a status change in {@code tx}; null if there is none. */
  public Uni<LinkRow> lock(SqlConnection tx, String clientId, UUID id) {
    return tx.preparedQuery(
            "SELECT " + COLUMNS + " FROM link WHERE id = $1 AND client_id = $2 FOR UPDATE")
        .execute(Tuple.of(id, clientId))
        .map(LinkRepository::first);
  }

  public Uni<Instant> setStatus(SqlConnection tx, UUID id, String status) {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    return tx.preparedQuery("UPDATE link SET status = $2, updated_at = $3 WHERE id = $1")
        .execute(Tuple.of(id, status, utc(now)))
        .chain(() -> history(tx, id, status, now))
        .replaceWith(now);
  }

  /** One page of the client's links, oldest first, after the keyset position. */
  public Uni<List<LinkRow>> page(
      String clientId,
      String status,
      Instant from,
      Instant to,
      Instant afterInserted,
      UUID afterId,
      int limit) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM link WHERE client_id = $1"
                + " AND ($2::text IS NULL OR status = $2)"
                + " AND ($3::timestamptz IS NULL OR inserted_at >= $3)"
                + " AND ($4::timestamptz IS NULL OR inserted_at <= $4)"
                + " AND ($5::timestamptz IS NULL OR (inserted_at, id) > ($5, $6))"
                + " ORDER BY inserted_at, id LIMIT $7")
        .execute(
            Tuple.tuple()
                .addString(clientId)
                .addString(status)
                .addOffsetDateTime(utc(from))
                .addOffsetDateTime(utc(to))
                .addOffsetDateTime(utc(afterInserted))
                .addUUID(afterId)
                .addInteger(limit))
        .map(LinkRepository::all);
  }

  /** Links past their expiry that nobody has paid: locked for expiring, at most {@code limit}. */
  public Uni<List<LinkRow>> lockExpired(SqlConnection tx, int limit) {
    return tx.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM link WHERE status IN ('created', 'started') AND expires_at < now()"
                + " ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(limit))
        .map(LinkRepository::all);
  }

  /** The stored request hash and link of an idempotency key, or null. */
  public Uni<String[]> idempotency(SqlClient tx, String clientId, String key) {
    return tx.preparedQuery(
            "SELECT request_hash, link_id FROM idempotency_key WHERE client_id = $1 AND key = $2"
                + " FOR UPDATE")
        .execute(Tuple.of(clientId, key))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : new String[] {
                      rows.iterator().next().getString("request_hash"),
                      rows.iterator().next().getUUID("link_id").toString()
                    });
  }

  /** Deletes up to {@code limit} keys older than {@code retention}; returns how many. */
  public Uni<Integer> forgetKeys(java.time.Duration retention, int limit) {
    return pool.preparedQuery(
            "DELETE FROM idempotency_key WHERE ctid IN (SELECT ctid FROM idempotency_key"
                + " WHERE created_at < now() - $1 * interval '1 millisecond' LIMIT $2)")
        .execute(Tuple.of(retention.toMillis(), limit))
        .map(RowSet::rowCount);
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static LinkRow first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toRow(rows.iterator().next());
  }

  private static List<LinkRow> all(RowSet<Row> rows) {
    List<LinkRow> out = new ArrayList<>();
    rows.forEach(r -> out.add(toRow(r)));
    return out;
  }

  private static LinkRow toRow(Row r) {
    return new LinkRow(
        r.getUUID("id"),
        r.getString("web_id"),
        r.getString("client_id"),
        r.getString("status"),
        r.getBigDecimal("amount"),
        r.getString("amount_text"),
        r.getString("currency"),
        r.getString("creditor_name"),
        r.getString("creditor_iban"),
        r.getString("description"),
        r.getString("goods"),
        r.getString("flow_type"),
        r.getString("provider_code"),
        r.getString("payment_method_id"),
        r.getString("redirect_url"),
        r.getString("webhook_url"),
        r.getString("ux_template"),
        r.getOffsetDateTime("expires_at").toInstant(),
        r.getOffsetDateTime("inserted_at").toInstant(),
        r.getOffsetDateTime("updated_at").toInstant(),
        r.getString("environment"),
        r.getString("sca_url"));
  }
}
