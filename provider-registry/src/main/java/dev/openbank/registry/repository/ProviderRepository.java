package dev.openbank.registry.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.json.Json;
import dev.openbank.registry.domain.AisMethod;
import dev.openbank.registry.domain.PaymentMethod;
import dev.openbank.registry.domain.Provider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Providers as stored: public fields in columns and JSONB, keyed by code. */
@ApplicationScoped
public class ProviderRepository {

  private static final String COLUMNS =
      "code, name, country, bic, logo_url, status, environments, payment_methods::text AS pm,"
          + " ais_methods::text AS am, updated_at";

  private static final String PAGE =
      "SELECT "
          + COLUMNS
          + " FROM provider WHERE $1 = ANY(environments)"
          + " AND ($2::text IS NULL OR country = $2)"
          + " AND ($3::text[] IS NULL OR code = ANY($3))"
          + " AND ($4::text IS NULL OR status = $4)"
          + " AND ($5::text IS NULL OR code > $5)"
          + " AND (NOT $6::boolean OR EXISTS (SELECT 1 FROM jsonb_array_elements(ais_methods) m"
          + "   WHERE ($7::text[] IS NULL OR m->>'account_owner_type' = ANY($7))"
          + "   AND ($8::text IS NULL OR m->>'interface_type' = $8)"
          + "   AND ($9::text IS NULL OR m->>'interface_env' = $9)))"
          + " ORDER BY code LIMIT $10";

  private static final String UPSERT =
      "INSERT INTO provider (code, name, country, bic, logo_url, status, environments,"
          + " payment_methods, ais_methods, content_hash)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9::text::jsonb, $10)"
          + " ON CONFLICT (code) DO UPDATE SET name = $2, country = $3, bic = $4, logo_url = $5,"
          + " status = $6, environments = $7, payment_methods = $8::text::jsonb, ais_methods = $9::text::jsonb,"
          + " content_hash = $10, updated_at = now()"
          + " RETURNING updated_at";

  private static final TypeReference<List<PaymentMethod>> PAYMENT_METHODS =
      new TypeReference<>() {};
  private static final TypeReference<List<AisMethod>> AIS_METHODS = new TypeReference<>() {};

  private final Pool pool;
  private final ObjectMapper mapper;

  public ProviderRepository(Pool pool, ObjectMapper mapper) {
    this.pool = pool;
    this.mapper = mapper;
  }

  /** One page, ordered by code; fetch {@code limit + 1} to learn whether more follow. */
  public Uni<List<Provider>> page(ProviderQuery q) {
    var ais = q.aisFilter();
    Tuple args =
        Tuple.tuple()
            .addString(q.environment())
            .addString(q.country())
            .addArrayOfString(q.codes() == null ? null : q.codes().toArray(String[]::new))
            .addString(q.status())
            .addString(q.afterCode())
            .addBoolean(ais != null)
            .addArrayOfString(
                ais == null || ais.accountOwnerType() == null || ais.accountOwnerType().isEmpty()
                    ? null
                    : ais.accountOwnerType().toArray(String[]::new))
            .addString(ais == null ? null : ais.interfaceType())
            .addString(ais == null ? null : ais.interfaceEnv())
            .addInteger(q.limit());
    return pool.preparedQuery(PAGE)
        .execute(args)
        .map(
            rows -> {
              List<Provider> result = new ArrayList<>();
              rows.forEach(r -> result.add(toProvider(r)));
              return result;
            });
  }

  /** The provider with this code if the environment may see it. */
  public Uni<Provider> find(String environment, String code) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM provider WHERE code = $1 AND $2 = ANY(environments)")
        .execute(Tuple.of(code, environment))
        .map(rows -> rows.size() == 0 ? null : toProvider(rows.iterator().next()));
  }

  /** Content hashes of the stored providers with these codes. */
  public Uni<Map<String, String>> hashes(SqlConnection tx, List<String> codes) {
    return tx.preparedQuery("SELECT code, content_hash FROM provider WHERE code = ANY($1)")
        .execute(Tuple.tuple().addArrayOfString(codes.toArray(String[]::new)))
        .map(
            rows -> {
              Map<String, String> m = new HashMap<>();
              rows.forEach(r -> m.put(r.getString("code"), r.getString("content_hash")));
              return m;
            });
  }

  /** Inserts or replaces the provider's public data; returns its update time. */
  public Uni<Instant> upsert(SqlConnection tx, Provider p, String contentHash) {
    Tuple args =
        Tuple.tuple()
            .addString(p.code())
            .addString(p.name())
            .addString(p.country())
            .addString(p.bic())
            .addString(p.logoUrl())
            .addString(p.status())
            .addArrayOfString(p.environments().toArray(String[]::new))
            .addString(Json.write(mapper, p.paymentMethods()))
            .addString(Json.write(mapper, p.allAisMethods()))
            .addString(contentHash);
    return tx.preparedQuery(UPSERT)
        .execute(args)
        .map(rows -> rows.iterator().next().getOffsetDateTime("updated_at").toInstant());
  }

  /** Whether any provider is stored (the default file loads only into an empty registry). */
  public Uni<Boolean> isEmpty() {
    return pool.query("SELECT NOT EXISTS (SELECT 1 FROM provider) AS empty")
        .execute()
        .map(rows -> rows.iterator().next().getBoolean("empty"));
  }

  private Provider toProvider(Row r) {
    try {
      OffsetDateTime updated = r.getOffsetDateTime("updated_at");
      return new Provider(
          r.getString("code"),
          r.getString("name"),
          r.getString("country"),
          r.getString("bic"),
          r.getString("logo_url"),
          r.getString("status"),
          List.of(r.getArrayOfStrings("environments")),
          mapper.readValue(r.getString("pm"), PAYMENT_METHODS),
          mapper.readValue(r.getString("am"), AIS_METHODS),
          updated.toInstant());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored provider " + r.getString("code") + " is unreadable", e);
    }
  }
}
