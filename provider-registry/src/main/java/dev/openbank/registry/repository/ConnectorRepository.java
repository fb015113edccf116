package dev.openbank.registry.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.json.Json;
import dev.openbank.registry.domain.Connector;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Connector settings per provider method: internal, read by the platform's own services. */
@ApplicationScoped
public class ConnectorRepository {

  /** One stored connector. */
  public record Row(String providerCode, String methodKind, String methodId, Connector connector) {}

  private static final TypeReference<Map<String, String>> QUIRKS = new TypeReference<>() {};

  private final Pool pool;
  private final ObjectMapper mapper;

  public ConnectorRepository(Pool pool, ObjectMapper mapper) {
    this.pool = pool;
    this.mapper = mapper;
  }

  /** Replaces every connector of a provider with these. */
  public Uni<Void> replace(SqlConnection tx, String providerCode, List<Row> connectors) {
    Uni<Void> chain =
        tx.preparedQuery("DELETE FROM connector WHERE provider_code = $1")
            .execute(Tuple.of(providerCode))
            .replaceWithVoid();
    for (Row c : connectors) {
      chain =
          chain.chain(
              () ->
                  tx.preparedQuery(
                          "INSERT INTO connector (provider_code, method_kind, method_id, base_url,"
                              + " quirks) VALUES ($1, $2, $3, $4, $5::text::jsonb)")
                      .execute(
                          Tuple.of(
                              providerCode,
                              c.methodKind(),
                              c.methodId(),
                              c.connector().baseUrl(),
                              Json.write(mapper, c.connector().quirks())))
                      .replaceWithVoid());
    }
    return chain;
  }

  /** The connector of one method, or null. */
  public Uni<Row> find(String providerCode, String methodId) {
    return pool.preparedQuery(
            "SELECT method_kind, base_url, quirks::text AS quirks FROM connector"
                + " WHERE provider_code = $1 AND method_id = $2")
        .execute(Tuple.of(providerCode, methodId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              var r = rows.iterator().next();
              try {
                return new Row(
                    providerCode,
                    r.getString("method_kind"),
                    methodId,
                    new Connector(
                        r.getString("base_url"), mapper.readValue(r.getString("quirks"), QUIRKS)));
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
