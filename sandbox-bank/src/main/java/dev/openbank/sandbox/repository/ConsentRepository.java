package dev.openbank.sandbox.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Consents, their SCA outcome and their unattended-read counters. */
@ApplicationScoped
public class ConsentRepository {

  private static final TypeReference<Map<String, List<String>>> GRANTED = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, aspsp, status, sca_status, authorisation_id, access::text AS access, recurring,"
          + " valid_until, frequency_per_day, redirect_uri, nok_redirect_uri, psu_id,"
          + " granted::text AS granted, created_at, authorised_at, last_action_date";

  private final Pool pool;
  private final ObjectMapper mapper;

  public ConsentRepository(Pool pool, ObjectMapper mapper) {
    this.pool = pool;
    this.mapper = mapper;
  }

  public Uni<Void> insert(ConsentRow c) {
    return pool.preparedQuery(
            "INSERT INTO consent (id, aspsp, status, sca_status, authorisation_id, access,"
                + " recurring, valid_until, frequency_per_day, redirect_uri, nok_redirect_uri)"
                + " VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10, $11)")
        .execute(
            Tuple.tuple()
                .addString(c.id())
                .addString(c.aspsp())
                .addString(c.status())
                .addString(c.scaStatus())
                .addString(c.authorisationId())
                .addString(c.access())
                .addBoolean(c.recurring())
                .addLocalDate(c.validUntil())
                .addInteger(c.frequencyPerDay())
                .addString(c.redirectUri())
                .addString(c.nokRedirectUri()))
        .replaceWithVoid();
  }

  /** The consent with this id at this bank, or null. */
  public Uni<ConsentRow> find(String aspsp, String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM consent WHERE id = $1 AND aspsp = $2")
        .execute(Tuple.of(id, aspsp))
        .map(rows -> rows.size() == 0 ? null : toRow(rows.iterator().next()));
  }

  /** Records the SCA outcome of a consent still awaiting it; false if it no longer was. */
  public Uni<Boolean> completeSca(
      String id, String psuId, Map<String, List<String>> granted, boolean approved) {
    return pool.preparedQuery(
            "UPDATE consent SET psu_id = $2, granted = $3::text::jsonb, status = $4,"
                + " sca_status = $5, authorised_at = CASE WHEN $4 = 'valid' THEN now() END"
                + " WHERE id = $1 AND status = 'received'")
        .execute(
            Tuple.of(
                id,
                psuId,
                json(granted),
                approved ? "valid" : "rejected",
                approved ? "finalised" : "failed"))
        .map(r -> r.rowCount() == 1);
  }

  /** Ends a consent that is still received or valid with {@code status}. */
  public Uni<Boolean> end(String id, String status) {
    return pool.preparedQuery(
            "UPDATE consent SET status = $2 WHERE id = $1 AND status IN ('received', 'valid')")
        .execute(Tuple.of(id, status))
        .map(r -> r.rowCount() == 1);
  }

  /** Counts one unattended read and returns today's count for it. */
  public Uni<Integer> countAccess(String consentId, String accountId, String resource) {
    return pool.preparedQuery(
            "INSERT INTO access_count (consent_id, account_id, resource, day, count)"
                + " VALUES ($1, $2, $3, (now() AT TIME ZONE 'UTC')::date, 1) ON CONFLICT (consent_id, account_id,"
                + " resource, day) DO UPDATE SET count = access_count.count + 1 RETURNING count")
        .execute(Tuple.of(consentId, accountId, resource))
        .map(rows -> rows.iterator().next().getInteger("count"));
  }

  /** True if this read is one of the consent's first {@code burst} reads, which fail (fault). */
  public Uni<Boolean> takeError(String consentId, int burst) {
    return pool.preparedQuery(
            "UPDATE consent SET errors_served = errors_served + 1"
                + " WHERE id = $1 AND errors_served < $2")
        .execute(Tuple.of(consentId, burst))
        .map(r -> r.rowCount() == 1);
  }

  public Uni<Void> touch(String id) {
    return pool.preparedQuery(
            "UPDATE consent SET last_action_date = (now() AT TIME ZONE 'UTC')::date WHERE id = $1"
                + " AND last_action_date <> (now() AT TIME ZONE 'UTC')::date")
        .execute(Tuple.of(id))
        .replaceWithVoid();
  }

  /** Rejects consents left unauthorised too long and expires those past validUntil. */
  public Uni<Integer> timeOut(Duration scaTimeout) {
    return pool.preparedQuery(
            "UPDATE consent SET status = 'rejected', sca_status = 'failed'"
                + " WHERE status = 'received' AND created_at < $1")
        .execute(Tuple.of(OffsetDateTime.now().minus(scaTimeout)))
        .chain(
            a ->
                pool.query(
                        "UPDATE consent SET status = 'expired'"
                            + " WHERE status = 'valid' AND valid_until < (now() AT TIME ZONE 'UTC')::date")
                    .execute()
                    .map(b -> a.rowCount() + b.rowCount()));
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ConsentRow toRow(Row r) {
    try {
      String granted = r.getString("granted");
      OffsetDateTime authorised = r.getOffsetDateTime("authorised_at");
      return new ConsentRow(
          r.getString("id"),
          r.getString("aspsp"),
          r.getString("status"),
          r.getString("sca_status"),
          r.getString("authorisation_id"),
          r.getString("access"),
          r.getBoolean("recurring"),
          r.getLocalDate("valid_until"),
          r.getInteger("frequency_per_day"),
          r.getString("redirect_uri"),
          r.getString("nok_redirect_uri"),
          r.getString("psu_id"),
          granted == null ? Map.of() : mapper.readValue(granted, GRANTED),
          r.getOffsetDateTime("created_at").toInstant(),
          authorised == null ? null : authorised.toInstant(),
          r.getLocalDate("last_action_date"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
