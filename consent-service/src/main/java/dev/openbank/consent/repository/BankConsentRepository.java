package dev.openbank.consent.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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

/** Bank consents: the request claim, the bank's id and status, the next status read. */
@ApplicationScoped
public class BankConsentRepository {

  private static final String COLUMNS =
      "consent_id, provider_code, ais_method_id, base_url, bank_consent_id, bank_status,"
          + " next_check_at, checks, revoke_at_bank";

  private final Pool pool;

  public BankConsentRepository(Pool pool) {
    this.pool = pool;
  }

  /** Takes the consent's bank request for {@code lease}; false if the bank has it or it is held. */
  public Uni<Boolean> claim(SqlConnection tx, BankConsent b, UUID claimId, Duration lease) {
    return tx.preparedQuery(
            "INSERT INTO bank_consent (consent_id, provider_code, ais_method_id, base_url,"
                + " claim_id, claimed_until, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond', now())"
                + " ON CONFLICT (consent_id) DO UPDATE SET provider_code = EXCLUDED.provider_code,"
                + " ais_method_id = EXCLUDED.ais_method_id, base_url = EXCLUDED.base_url,"
                + " claim_id = EXCLUDED.claim_id, claimed_until = EXCLUDED.claimed_until,"
                + " updated_at = now() WHERE bank_consent.bank_consent_id IS NULL"
                + " AND (bank_consent.claimed_until IS NULL OR bank_consent.claimed_until < now())")
        .execute(
            Tuple.of(
                b.consentId(),
                b.providerCode(),
                b.aisMethodId(),
                b.baseUrl(),
                claimId,
                lease.toMillis()))
        .map(r -> r.rowCount() == 1);
  }

  /** The bank created the consent; false if this attempt no longer holds the claim. */
  public Uni<Boolean> requested(
      SqlConnection tx,
      UUID consentId,
      UUID claimId,
      String bankConsentId,
      String status,
      Instant firstCheck) {
    return tx.preparedQuery(
            "UPDATE bank_consent SET bank_consent_id = $3, bank_status = $4, next_check_at = $5,"
                + " claim_id = NULL, claimed_until = NULL, updated_at = now()"
                + " WHERE consent_id = $1 AND claim_id = $2 AND bank_consent_id IS NULL")
        .execute(Tuple.of(consentId, claimId, bankConsentId, status, utc(firstCheck)))
        .map(r -> r.rowCount() == 1);
  }

  /** The request failed at the bank: the end user may try again (another bank, later). */
  public Uni<Void> release(UUID consentId, UUID claimId, String error) {
    return pool.preparedQuery(
            "UPDATE bank_consent SET claim_id = NULL, claimed_until = NULL, last_error = $3,"
                + " updated_at = now() WHERE consent_id = $1 AND claim_id = $2"
                + " AND bank_consent_id IS NULL")
        .execute(Tuple.of(consentId, claimId, error))
        .replaceWithVoid();
  }

  public Uni<BankConsent> find(UUID consentId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM bank_consent WHERE consent_id = $1")
        .execute(Tuple.of(consentId))
        .map(rows -> rows.size() == 0 ? null : toRow(rows.iterator().next()));
  }

  /** Status reads (and bank revocations) that are due, each held for {@code lease}. */
  public Uni<List<BankConsent>> claimDue(int limit, Duration lease) {
    return pool.preparedQuery(
            "UPDATE bank_consent SET next_check_at = now() + $2 * interval '1 millisecond'"
                + " WHERE consent_id IN (SELECT consent_id FROM bank_consent"
                + " WHERE next_check_at <= now() ORDER BY next_check_at LIMIT $1"
                + " FOR UPDATE SKIP LOCKED) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(limit, lease.toMillis()))
        .map(
            rows -> {
              List<BankConsent> out = new ArrayList<>();
              rows.forEach(r -> out.add(toRow(r)));
              return out;
            });
  }

  /** A read happened: the bank's status and when to read again (null: never). */
  public Uni<Void> checked(
      SqlConnection tx, UUID consentId, String status, Instant nextCheck, String error) {
    return tx.preparedQuery(
            "UPDATE bank_consent SET bank_status = coalesce($2, bank_status), next_check_at = $3,"
                + " checks = checks + 1, last_error = $4, updated_at = now()"
                + " WHERE consent_id = $1")
        .execute(Tuple.of(consentId, status, utc(nextCheck), error))
        .replaceWithVoid();
  }

  /** The consent ended here: end it at the bank too, by the follower, until the bank confirms. */
  public Uni<Void> revokeAtBank(SqlConnection tx, UUID consentId) {
    return tx.preparedQuery(
            "UPDATE bank_consent SET revoke_at_bank = true, next_check_at = now(),"
                + " updated_at = now() WHERE consent_id = $1 AND bank_consent_id IS NOT NULL")
        .execute(Tuple.of(consentId))
        .replaceWithVoid();
  }

  /**
   * The DELETE at the bank is done ({@code error} null), refused for good ({@code retry} false, the
   * refusal kept in last_error), or failed and retried in 30 s.
   */
  public Uni<Void> revokedAtBank(UUID consentId, String error, boolean retry) {
    return pool.preparedQuery(
            "UPDATE bank_consent SET revoke_at_bank = $2, last_error = $3,"
                + " next_check_at = CASE WHEN $2 THEN now() + interval '30 seconds' END,"
                + " checks = checks + 1, updated_at = now() WHERE consent_id = $1")
        .execute(Tuple.of(consentId, retry, error))
        .replaceWithVoid();
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static BankConsent toRow(Row r) {
    OffsetDateTime next = r.getOffsetDateTime("next_check_at");
    return new BankConsent(
        r.getUUID("consent_id"),
        r.getString("provider_code"),
        r.getString("ais_method_id"),
        r.getString("base_url"),
        r.getString("bank_consent_id"),
        r.getString("bank_status"),
        next == null ? null : next.toInstant(),
        r.getInteger("checks"),
        r.getBoolean("revoke_at_bank"));
  }
}
