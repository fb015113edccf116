package dev.openbank.bench;

import dev.openbank.commons.cursor.CursorCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The floor under ais-service's transactions page (bench/transactions.sh): a bare Vert.x HTTP
 * server and pg client doing only what no implementation of the page can skip. It reads the JSON
 * body, checks the signed cursor, checks the consent as the service does (the client's, in force,
 * covering transactions, no device), runs the service's page statement with the same pool size, and
 * writes the same JSON by hand, with the next cursor. It has no framework, no token check, no
 * validation, no tracing and no metrics: its rate is what ais-service would reach on the same cores
 * if all of that cost nothing, and so shows how much of the API/pgbench gap is ours.
 *
 * <p>Arguments: port, PostgreSQL host, port, database, user, password, schema, client id, cursor
 * secret (base64).
 */
public final class TransactionFloor {

  /** ais-service's consent check (ConsentRepository and ReadAccess): the client's, in force. */
  private static final String CONSENT_SQL =
      "SELECT status, scope, valid_until, device_id FROM consent WHERE id = $1 AND client_id = $2";

  /** The service's page statement; ais-service writes the limit into it (PageRequest.sqlLimit). */
  private static final String PAGE_SQL = TransactionBenchmark.PAGE_SQL.replace("$5", "51");

  private static final Set<String> SERVED = Set.of("authorized", "active", "suspended");

  private TransactionFloor() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String clientId = args[7];
    CursorCodec cursors = new CursorCodec(Base64.getDecoder().decode(args[8]));
    Vertx vertx = FloorServer.vertx();
    Pool pool =
        PgBuilder.pool()
            .connectingTo(
                new PgConnectOptions()
                    .setHost(args[1])
                    .setPort(Integer.parseInt(args[2]))
                    .setDatabase(args[3])
                    .setUser(args[4])
                    .setPassword(args[5])
                    .setCachePreparedStatements(true)
                    .addProperty("search_path", args[6]))
            .with(new PoolOptions().setMaxSize(16))
            .using(vertx)
            .build();
    FloorServer.serve(vertx, port, (req, body) -> handle(pool, cursors, clientId, req, body));
    System.out.println("floor listening on " + port);
  }

  /** One page request: its cursor, the consent check, then the page. */
  private static void handle(
      Pool pool, CursorCodec cursors, String clientId, HttpServerRequest req, Buffer body) {
    JsonObject json = body.toJsonObject();
    UUID consent = UUID.fromString(json.getString("consent_id"));
    JsonObject pagination = json.getJsonObject("pagination");
    String after = pagination == null ? null : pagination.getString("after");
    String scope = "transactions|" + clientId + "|" + consent + "|||||||";
    LocalDate date = LocalDate.of(9999, 1, 1);
    long id = Long.MAX_VALUE;
    if (after != null) {
      try {
        List<String> key = cursors.decode(scope, after, "pagination.after");
        date = LocalDate.parse(key.get(0));
        id = Long.parseLong(key.get(1));
      } catch (RuntimeException e) {
        req.response().setStatusCode(400).end();
        return;
      }
    }
    LocalDate fromDate = date;
    long fromId = id;
    pool.preparedQuery(CONSENT_SQL)
        .execute(Tuple.of(consent, clientId))
        .onSuccess(
            rows -> {
              Row c = rows.size() == 1 ? rows.iterator().next() : null;
              if (c == null
                  || !SERVED.contains(c.getString(0))
                  || !List.of(c.getArrayOfStrings(1)).contains("transactions")
                  || c.getLocalDate(2).isBefore(LocalDate.now(ZoneOffset.UTC))
                  || c.getString(3) != null) {
                req.response().setStatusCode(404).end();
              } else {
                page(pool, req, cursors, scope, clientId, consent, fromDate, fromId);
              }
            })
        .onFailure(e -> req.response().setStatusCode(500).end(e.toString()));
  }

  private static void page(
      Pool pool,
      HttpServerRequest req,
      CursorCodec cursors,
      String scope,
      String clientId,
      UUID consent,
      LocalDate date,
      long id) {
    pool.preparedQuery(PAGE_SQL)
        .execute(Tuple.of(clientId, consent, date, id))
        .onSuccess(
            rows -> {
              Buffer out = Buffer.buffer(16384);
              out.appendString("{\"transactions\":[");
              int n = 0;
              String next = null;
              for (Row r : rows) {
                if (n == 50) {
                  break;
                }
                if (n++ > 0) {
                  out.appendByte((byte) ',');
                }
                write(out, r);
                if (n == 50) {
                  next =
                      cursors.encode(
                          scope,
                          List.of(r.getLocalDate(4).toString(), Long.toString(r.getLong(0))));
                }
              }
              // PageInfo: count, "more?" and, when there are more, the cursor
              boolean more = rows.size() > 50;
              out.appendString("],\"pagination\":{\"count\":")
                  .appendString(Integer.toString(n))
                  .appendString(",\"more?\":")
                  .appendString(Boolean.toString(more));
              if (more) {
                out.appendString(",\"after\":\"").appendString(next).appendByte((byte) '"');
              }
              out.appendString("}}");
              req.response().putHeader("content-type", "application/json").end(out);
            })
        .onFailure(e -> req.response().setStatusCode(500).end(e.toString()));
  }

  private static void write(Buffer out, Row r) {
    out.appendByte((byte) '{');
    field(out, "transaction_id", r.getString(1), true);
    field(out, "account_id", r.getUUID(2).toString(), false);
    field(out, "status", r.getString(3), false);
    LocalDate booking = r.getLocalDate(5);
    if (booking != null) {
      field(out, "booking_date", booking.toString(), false);
    }
    LocalDate value = r.getLocalDate(6);
    if (value != null) {
      field(out, "value_date", value.toString(), false);
    }
    // as the service's money(): at least two decimals, no trailing zeros past them
    BigDecimal amount = r.getBigDecimal(7).stripTrailingZeros();
    field(out, "amount", amount.setScale(Math.max(2, amount.scale())).toPlainString(), false);
    field(out, "currency", r.getString(8), false);
    field(out, "credit_debit_indicator", r.getString(9), false);
    for (int c = 10; c <= 13; c++) {
      String v = r.getString(c);
      if (v != null) {
        field(out, NAMES[c - 10], v, false);
      }
    }
    out.appendByte((byte) '}');
  }

  private static final String[] NAMES = {
    "counterparty_name", "remittance_information", "end_to_end_id", "bank_transaction_code"
  };

  private static void field(Buffer out, String name, String value, boolean first) {
    if (!first) {
      out.appendByte((byte) ',');
    }
    out.appendByte((byte) '"').appendString(name).appendString("\":");
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch < 0x20 || ch == '"' || ch == '\\') {
        out.appendString(Json.encode(value)); // rare: Jackson escapes it
        return;
      }
    }
    out.appendByte((byte) '"').appendString(value).appendByte((byte) '"');
  }
}
