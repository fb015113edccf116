package dev.openbank.pis.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Bank payments of links: the initiation claim, the bank's id and status, the next status read. */
@ApplicationScoped
public class BankPaymentRepository {

  private static final String COLUMNS =
      "link_id, provider_code, payment_method_id, base_url, payment_product, reports_funds,"
          + " payment_id, transaction_status, next_check_at, checks";

  private final Pool pool;

  public BankPaymentRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Takes the link's initiation for {@code lease} under {@code claimId}: true unless a payment
   * already reached the bank or another initiation holds the link.
   */
  public Uni<Boolean> claim(SqlConnection tx, BankPayment p, UUID claimId, Duration lease) {
    return tx.preparedQuery(
            "INSERT INTO bank_payment (link_id, provider_code, payment_method_id, base_url,"
                + " payment_product, reports_funds, claim_id, claimed_until, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $8,"
                + " now() + $7 * interval '1 millisecond', now())"
                + " ON CONFLICT (link_id) DO UPDATE SET provider_code = EXCLUDED.provider_code,"
                + " payment_method_id = EXCLUDED.payment_method_id, base_url = EXCLUDED.base_url,"
                + " payment_product = EXCLUDED.payment_product,"
                + " reports_funds = EXCLUDED.reports_funds, claim_id = EXCLUDED.claim_id,"
                + " claimed_until = EXCLUDED.claimed_until, updated_at = now()"
                + " WHERE bank_payment.payment_id IS NULL AND (bank_payment.claimed_until IS NULL"
                + " OR bank_payment.claimed_until < now())")
        .execute(
            Tuple.tuple()
                .addUUID(p.linkId())
                .addString(p.providerCode())
                .addString(p.paymentMethodId())
                .addString(p.baseUrl())
                .addString(p.paymentProduct())
                .addBoolean(p.reportsFunds())
                .addLong(lease.toMillis())
                .addUUID(claimId))
        .map(r -> r.rowCount() == 1);
  }

  /**
   * The bank accepted the initiation: its payment id and status; the first read is due then. False
   * if the claim is no longer this attempt's (it outlived its lease and another attempt took it).
   */
  public Uni<Boolean> initiated(
      SqlConnection tx,
      UUID linkId,
      UUID claimId,
      String paymentId,
      String status,
      Instant firstCheck) {
    return tx.preparedQuery(
            "UPDATE bank_payment SET payment_id = $3, transaction_status = $4, next_check_at = $5,"
                + " claim_id = NULL, claimed_until = NULL, initiated_at = now(), updated_at = now()"
                + " WHERE link_id = $1 AND claim_id = $2 AND payment_id IS NULL")
        .execute(Tuple.of(linkId, claimId, paymentId, status, utc(firstCheck)))
        .map(r -> r.rowCount() == 1);
  }

  /** The initiation failed at the bank: the link may be paid again (another bank, later). */
  public Uni<Void> release(UUID linkId, UUID claimId, String error) {
    return pool.preparedQuery(
            "UPDATE bank_payment SET claim_id = NULL, claimed_until = NULL, last_error = $3,"
                + " updated_at = now() WHERE link_id = $1 AND claim_id = $2 AND payment_id IS NULL")
        .execute(Tuple.of(linkId, claimId, error))
        .replaceWithVoid();
  }

  public Uni<BankPayment> find(UUID linkId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM bank_payment WHERE link_id = $1")
        .execute(Tuple.of(linkId))
        .map(rows -> rows.size() == 0 ? null : toRow(rows.iterator().next()));
  }

  /**
   * Bank payments whose status read is due, at most {@code limit}; each is held for {@code lease}
   * (its next read moved that far ahead), so other replicas skip it while this one reads.
   */
  public Uni<List<BankPayment>> claimDue(int limit, Duration lease) {
    return pool.preparedQuery(
            "UPDATE bank_payment SET next_check_at = now() + $2 * interval '1 millisecond'"
                + " WHERE link_id IN (SELECT link_id FROM bank_payment"
                + " WHERE next_check_at <= now() ORDER BY next_check_at LIMIT $1"
                + " FOR UPDATE SKIP LOCKED) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(limit, lease.toMillis()))
        .map(BankPaymentRepository::all);
  }

  /** A status read happened: the bank's status and when to read again (null: never). */
  public Uni<Void> checked(
      SqlConnection tx, UUID linkId, String status, Instant nextCheck, String error) {
    return tx.preparedQuery(
            "UPDATE bank_payment SET transaction_status = coalesce($2, transaction_status),"
                + " next_check_at = $3, checks = checks + 1, last_error = $4, updated_at = now()"
                + " WHERE link_id = $1")
        .execute(Tuple.of(linkId, status, utc(nextCheck), error))
        .replaceWithVoid();
  }

  /** The bank said the status changed: read it now rather than at the scheduled time. */
  public Uni<Void> checkNow(UUID linkId) {
    return pool.preparedQuery(
            "UPDATE bank_payment SET next_check_at = now() WHERE link_id = $1"
                + " AND next_check_at IS NOT NULL")
        .execute(Tuple.of(linkId))
        .replaceWithVoid();
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static List<BankPayment> all(RowSet<Row> rows) {
    List<BankPayment> out = new ArrayList<>();
    rows.forEach(r -> out.add(toRow(r)));
    return out;
  }

  private static BankPayment toRow(Row r) {
    OffsetDateTime next = r.getOffsetDateTime("next_check_at");
    return new BankPayment(
        r.getUUID("link_id"),
        r.getString("provider_code"),
        r.getString("payment_method_id"),
        r.getString("base_url"),
        r.getString("payment_product"),
        r.getBoolean("reports_funds"),
        r.getString("payment_id"),
        r.getString("transaction_status"),
        next == null ? null : next.toInstant(),
        r.getInteger("checks"));
  }
}
