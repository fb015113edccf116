package dev.openbank.sandbox.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Payment initiations and their transactionStatus progression. */
@ApplicationScoped
public class PaymentRepository {

  private static final String COLUMNS =
      "id, aspsp, product, status, sca_status, authorisation_id, end_to_end_id, debtor_iban,"
          + " creditor_iban, creditor_name, amount, currency, remittance, redirect_uri,"
          + " nok_redirect_uri, notification_uri, psu_id, funds_available, created_at";

  private final Pool pool;

  public PaymentRepository(Pool pool) {
    this.pool = pool;
  }

  public Uni<Void> insert(PaymentRow p) {
    return pool.preparedQuery(
            "INSERT INTO payment (id, aspsp, product, status, sca_status, authorisation_id,"
                + " end_to_end_id, debtor_iban, creditor_iban, creditor_name, amount, currency,"
                + " remittance, redirect_uri, nok_redirect_uri, notification_uri)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)")
        .execute(
            Tuple.tuple()
                .addString(p.id())
                .addString(p.aspsp())
                .addString(p.product())
                .addString(p.status())
                .addString(p.scaStatus())
                .addString(p.authorisationId())
                .addString(p.endToEndId())
                .addString(p.debtorIban())
                .addString(p.creditorIban())
                .addString(p.creditorName())
                .addBigDecimal(p.amount())
                .addString(p.currency())
                .addString(p.remittance())
                .addString(p.redirectUri())
                .addString(p.nokRedirectUri())
                .addString(p.notificationUri()))
        .replaceWithVoid();
  }

  /** The payment with this id at this bank and product, or null. */
  public Uni<PaymentRow> find(String aspsp, String product, String id) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM payment WHERE id = $1 AND aspsp = $2 AND product = $3")
        .execute(Tuple.of(id, aspsp, product))
        .map(rows -> rows.size() == 0 ? null : toRow(rows.iterator().next()));
  }

  /** Records the SCA outcome of a payment still in RCVD; null if it no longer was. */
  public Uni<PaymentRow> completeSca(
      String id, String psuId, String debtorIban, String status, Boolean fundsAvailable) {
    return pool.preparedQuery(
            "UPDATE payment SET psu_id = $2, debtor_iban = $3, status = $4,"
                + " sca_status = CASE WHEN $4 = 'ACTC' THEN 'finalised' ELSE 'failed' END,"
                + " funds_available = $5, status_changed_at = now()"
                + " WHERE id = $1 AND status = 'RCVD' RETURNING "
                + COLUMNS)
        .execute(
            Tuple.tuple()
                .addString(id)
                .addString(psuId)
                .addString(debtorIban)
                .addString(status)
                .addBoolean(fundsAvailable))
        .map(PaymentRepository::first);
  }

  /** ACTC payments older than {@code after} move to ACSC; returns the moved ones. */
  public Uni<List<PaymentRow>> settle(Duration after) {
    return pool.preparedQuery(
            "UPDATE payment SET status = 'ACSC', status_changed_at = now()"
                + " WHERE status = 'ACTC' AND status_changed_at < $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(OffsetDateTime.now().minus(after)))
        .map(PaymentRepository::all);
  }

  /**
   * At banks with funds notifications, ACSC payments older than {@code after} move to ACCC, or to
   * RJCT for the PSUs (keys {@code aspsp|psu}) whose funds are rejected.
   */
  public Uni<List<PaymentRow>> reportFunds(
      Duration after, List<String> aspsps, List<String> rejectedPsus) {
    return pool.preparedQuery(
            "UPDATE payment SET status = CASE WHEN (aspsp || '|' || psu_id) = ANY($3)"
                + " THEN 'RJCT' ELSE 'ACCC' END, status_changed_at = now()"
                + " WHERE status = 'ACSC' AND aspsp = ANY($2) AND status_changed_at < $1"
                + " RETURNING "
                + COLUMNS)
        .execute(
            Tuple.tuple()
                .addOffsetDateTime(OffsetDateTime.now().minus(after))
                .addArrayOfString(aspsps.toArray(String[]::new))
                .addArrayOfString(rejectedPsus.toArray(String[]::new)))
        .map(PaymentRepository::all);
  }

  /** RCVD payments never authorised within {@code timeout} are rejected. */
  public Uni<List<PaymentRow>> timeOut(Duration timeout) {
    return pool.preparedQuery(
            "UPDATE payment SET status = 'RJCT', sca_status = 'failed', status_changed_at = now()"
                + " WHERE status = 'RCVD' AND created_at < $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(OffsetDateTime.now().minus(timeout)))
        .map(PaymentRepository::all);
  }

  private static PaymentRow first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toRow(rows.iterator().next());
  }

  private static List<PaymentRow> all(RowSet<Row> rows) {
    List<PaymentRow> out = new ArrayList<>();
    rows.forEach(r -> out.add(toRow(r)));
    return out;
  }

  private static PaymentRow toRow(Row r) {
    return new PaymentRow(
        r.getString("id"),
        r.getString("aspsp"),
        r.getString("product"),
        r.getString("status"),
        r.getString("sca_status"),
        r.getString("authorisation_id"),
        r.getString("end_to_end_id"),
        r.getString("debtor_iban"),
        r.getString("creditor_iban"),
        r.getString("creditor_name"),
        r.getBigDecimal("amount"),
        r.getString("currency"),
        r.getString("remittance"),
        r.getString("redirect_uri"),
        r.getString("nok_redirect_uri"),
        r.getString("notification_uri"),
        r.getString("psu_id"),
        r.getBoolean("funds_available"),
        r.getOffsetDateTime("created_at").toInstant());
  }
}
