package dev.openbank.bench;

import static dev.openbank.bench.BenchMain.option;
import static dev.openbank.bench.BenchMain.pct;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.commons.cursor.CursorCodec;
import dev.openbank.testsupport.AuthServiceClient;
import dev.openbank.testsupport.EmbeddedKafkaBroker;
import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.RealAuthService;
import dev.openbank.testsupport.ServiceDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactions benchmark (docs/benchmarks.md): one consent holding {@code --rows} transactions
 * (10M by default) in ais-service's real schema, {@code POST /v2/ais/transactions/list} pages of 50
 * at the first page, in the middle and near the end of the keyset, and pgbench running the same SQL
 * (the service's keyset query) at the same positions, in the same run, and {@link TransactionFloor}
 * (the same page with no framework) to show what part of the gap is the service's own. Real
 * auth-service tokens, real PostgreSQL and Kafka, all on this machine.
 */
public final class TransactionBenchmark {

  /** The service's page query, as AccountDataRepository writes it with no filter and a cursor. */
  static final String PAGE_SQL =
      "SELECT id, key, account_id, status, date, booking_date, value_date, amount, currency,"
          + " credit_debit, counterparty, remittance, end_to_end_id, bank_code FROM transaction"
          + " WHERE client_id = $1 AND consent_id = $2 AND (date, id) < ($3, $4)"
          + " ORDER BY date DESC, id DESC LIMIT $5";

  private TransactionBenchmark() {}

  public static void main(String[] args) {
    BenchMain.exitOnFailure(() -> run(args));
  }

  record Position(String name, long offset, LocalDate date, long id, String cursor) {}

  private static void run(String[] args) throws Exception {
    int seconds = Integer.parseInt(option(args, "duration", "15"));
    long rows = Long.parseLong(option(args, "rows", "10000000"));
    int inFlight = Integer.parseInt(option(args, "connections", "8"));
    int warmup = Integer.parseInt(option(args, "warmup", "90"));
    Path root = Path.of(System.getProperty("openbank.root", ".")).toAbsolutePath();
    Path work = root.resolve("bench/target");
    System.out.printf(
        "JDK %s, %d cores, %,d transactions, %d in flight, %d s per run%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        rows,
        inFlight,
        seconds);
    AuthServiceClient auth = RealAuthService.shared();
    AuthServiceClient.ApiClient client = auth.createClient("sandbox", "ais");
    ServiceDatabase db = EmbeddedPostgresServer.provision("ais");
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    int port = PackagedService.freePort();
    Process ais =
        PackagedService.start(
            root.resolve("ais-service/target/quarkus-app/quarkus-run.jar"),
            work.resolve("ais-service.log"),
            db.environment(
                "AIS",
                Map.ofEntries(
                    Map.entry("QUARKUS_HTTP_PORT", String.valueOf(port)),
                    Map.entry("AUTH_ISSUER", auth.issuer()),
                    Map.entry("AIS_CURSOR_SECRET", Base64.getEncoder().encodeToString(secret)),
                    Map.entry("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaBroker.bootstrapServers()))),
            List.of(
                System.getProperty("bench.service.jvm-args", "-XX:+UseParallelGC,-Xms512m")
                    .split(",")));
    Runtime.getRuntime().addShutdownHook(new Thread(ais::destroy));
    PackagedService.awaitReady(
        ais, "ais-service", "http://localhost:" + port + "/q/health/ready", Duration.ofSeconds(90));

    UUID consent = UUID.randomUUID();
    long loadStart = System.nanoTime();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement s = c.createStatement()) {
      load(s, client.clientId(), consent, rows);
    }
    System.out.printf(
        "==> loaded %,d transactions in %.0f s (then VACUUM ANALYZE)%n",
        rows, (System.nanoTime() - loadStart) / 1e9);

    CursorCodec cursors = new CursorCodec(secret);
    // the service's cursor scope for a consent's unfiltered list (DataResource): a mismatch
    // shows up as failed requests, never as fast wrong answers
    String scope = "transactions|" + client.clientId() + "|" + consent + "|||||||";
    List<Position> positions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement s = c.createStatement()) {
      for (long offset : new long[] {0, rows / 2, rows - 100}) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT date, id FROM transaction WHERE client_id = '"
                    + client.clientId()
                    + "' AND consent_id = '"
                    + consent
                    + "' ORDER BY date DESC, id DESC OFFSET "
                    + Math.max(0, offset - 1)
                    + " LIMIT 1")) {
          r.next();
          LocalDate date = r.getDate(1).toLocalDate();
          long id = r.getLong(2);
          String name = offset == 0 ? "first page" : String.format("after %,d rows", offset);
          // the first page has no cursor: a date past every row stands in for pgbench
          positions.add(
              offset == 0
                  ? new Position(name, 0, LocalDate.of(9999, 1, 1), Long.MAX_VALUE, null)
                  : new Position(
                      name,
                      offset,
                      date,
                      id,
                      cursors.encode(scope, List.of(date.toString(), Long.toString(id)))));
        }
      }
    }

    // the floor (TransactionFloor): the same page without any framework, on the same database
    int floorPort = PackagedService.freePort();
    Process floor =
        FloorServer.start(
            List.of("-XX:+UseParallelGC", "-Xms512m"),
            TransactionFloor.class,
            work.resolve("transaction-floor.log"),
            String.valueOf(floorPort),
            db.host(),
            String.valueOf(db.port()),
            db.database(),
            db.username(),
            db.password(),
            db.schema(),
            client.clientId(),
            Base64.getEncoder().encodeToString(secret));
    Runtime.getRuntime().addShutdownHook(new Thread(floor::destroy));

    String token = auth.token(client);
    String url = "http://localhost:" + port;
    String floorUrl = "http://localhost:" + floorPort;
    String script = root.resolve("bench/src/main/resources/json-post.lua").toString();
    // the JIT compiles for longer than 30 s (C2 was still busy after 20-30 s in the webhook and
    // payment-link benchmarks), so by default 90 s
    System.out.printf(
        "==> warm-up: %d s over all positions (the JIT compiles the hot path)%n", warmup);
    for (Position p : positions) {
      api(url, script, token, body(consent, p), inFlight, Math.max(1, warmup / positions.size()));
    }
    for (Position p : positions) {
      sameAnswer(url + "/v2/ais/transactions/list", floorUrl, token, body(consent, p));
    }
    // the floor's code is small: a third of the warm-up is plenty
    for (Position p : positions) {
      api(floorUrl, script, token, body(consent, p), inFlight, Math.max(1, warmup / 9));
    }
    List<String> table = new ArrayList<>();
    // wrk, pgbench and pgbench's backends end with their phase, so they show in "rest"
    CpuUse cpu =
        new CpuUse()
            .group("ais-service", CpuUse.pid(ais.pid()))
            .group("floor", CpuUse.pid(floor.pid()))
            .group("PostgreSQL (pool)", CpuUse.command("postgres"))
            .group("auth-service", CpuUse.commandLine("auth-service/target/quarkus-app"))
            .group("this JVM (Kafka broker)", CpuUse.pid(ProcessHandle.current().pid()));
    for (Position p : positions) {
      cpu.start("API " + p.name(), ais.pid());
      Wrk.Result api = api(url, script, token, body(consent, p), inFlight, seconds);
      cpu.print("API (wrk in rest)");
      cpu.start("pgbench " + p.name());
      double[] pg = pgbench(work, db, client.clientId(), consent, p, inFlight, seconds);
      cpu.print("pgbench (pgbench and its backends in rest)");
      cpu.start("floor " + p.name());
      Wrk.Result bare = api(floorUrl, script, token, body(consent, p), inFlight, seconds);
      cpu.print("floor (wrk in rest)");
      String line =
          String.format(
              "%-22s API %,7.0f req/s  p50 %5.2f ms  p99 %5.2f ms | pgbench %,7.0f tps  p50 %5.2f"
                  + " ms  p99 %5.2f ms | API/pgbench %.2f | floor %,7.0f req/s, floor/pgbench"
                  + " %.2f",
              p.name(),
              api.requestsPerSecond(),
              api.p50Millis(),
              api.p99Millis(),
              pg[0],
              pg[1],
              pg[2],
              api.requestsPerSecond() / pg[0],
              bare.requestsPerSecond(),
              bare.requestsPerSecond() / pg[0]);
      System.out.println("    " + line);
      table.add(line);
    }
    System.out.println();
    System.out.println(
        "=== transactions/list, 50 a page, "
            + String.format("%,d", rows)
            + " transactions, JDK "
            + System.getProperty("java.version")
            + " ===");
    table.forEach(System.out::println);
    ais.destroy();
    floor.destroy();
    System.exit(0);
  }

  /**
   * One consent, two accounts, {@code rows} transactions over ten years, about 2,700 a day, in the
   * service's own schema (through its role), then VACUUM ANALYZE.
   */
  private static void load(Statement s, String clientId, UUID consent, long rows) throws Exception {
    UUID a1 = UUID.randomUUID();
    UUID a2 = UUID.randomUUID();
    s.execute(
        "INSERT INTO consent (id, client_id, status, scope, valid_until, frequency_per_day,"
            + " updated_at) VALUES ('"
            + consent
            + "', '"
            + clientId
            + "', 'active', '{accounts,balances,transactions}', current_date + 90, 4, now())");
    for (UUID a : List.of(a1, a2)) {
      s.execute(
          "INSERT INTO account (id, client_id, consent_id, resource_id, iban, currency,"
              + " updated_at) VALUES ('"
              + a
              + "', '"
              + clientId
              + "', '"
              + consent
              + "', '"
              + a
              + "', 'RO03RZBR0000069999999999', 'RON', now())");
    }
    long chunk = 1_000_000;
    for (long from = 0; from < rows; from += chunk) {
      long to = Math.min(rows, from + chunk) - 1;
      s.execute(
          "INSERT INTO transaction (client_id, consent_id, account_id, key, status, date,"
              + " booking_date, value_date, amount, currency, credit_debit, counterparty,"
              + " remittance, bank_code, fetched_at) SELECT '"
              + clientId
              + "', '"
              + consent
              + "', CASE WHEN g % 2 = 0 THEN '"
              + a1
              + "'::uuid ELSE '"
              + a2
              + "'::uuid END, 't-' || g, 'booked', d, d, d, ((g * 7919) % 30000) / 100.0 + 5,"
              + " 'RON', CASE WHEN g % 30 = 0 THEN 'CRDT' ELSE 'DBIT' END, 'Mega Image',"
              + " 'Mega Image ' || d, 'PMNT-CCRD-POSD', now() FROM (SELECT g, current_date -"
              + " (g * 3650 / "
              + rows
              + ")::int AS d FROM generate_series("
              + from
              + "::bigint, "
              + to
              + "::bigint) g) x");
      System.out.printf("    %,d rows%n", to + 1);
    }
    s.execute("VACUUM ANALYZE transaction");
  }

  private static String body(UUID consent, Position p) {
    return p.cursor() == null
        ? "{\"consent_id\":\"" + consent + "\",\"pagination\":{\"limit\":50}}"
        : "{\"consent_id\":\""
            + consent
            + "\",\"pagination\":{\"limit\":50,\"after\":\""
            + p.cursor()
            + "\"}}";
  }

  /**
   * pgbench (prepared statements, {@code inFlight} clients, 2 threads) running the page query at
   * the position; returns {tps, p50 ms, p99 ms} from its per-transaction log.
   */
  private static double[] pgbench(
      Path work,
      ServiceDatabase db,
      String clientId,
      UUID consent,
      Position p,
      int inFlight,
      int seconds)
      throws Exception {
    Path script = work.resolve("pgbench-page.sql");
    Files.writeString(
        script,
        PAGE_SQL
                .replace("$1", "'" + clientId + "'")
                .replace("$2", "'" + consent + "'")
                .replace("$3", "'" + p.date() + "'")
                .replace("$4", Long.toString(p.id()))
                .replace("$5", "51")
            + ";\n");
    Path logs = Files.createDirectories(work.resolve("pgbench-logs"));
    try (var old = Files.list(logs)) {
      for (Path f : old.toList()) {
        Files.delete(f);
      }
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                "pgbench",
                "-n",
                "-M",
                "prepared",
                "-c",
                String.valueOf(inFlight),
                "-j",
                "2",
                "-T",
                String.valueOf(seconds),
                "-f",
                script.toString(),
                "-l",
                "--log-prefix=" + logs.resolve("page"),
                "-h",
                db.host(),
                "-p",
                String.valueOf(db.port()),
                "-U",
                db.username(),
                db.database())
            .redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", db.password());
    pb.environment().put("PGOPTIONS", "-c search_path=" + db.schema());
    Process proc = pb.start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (proc.waitFor() != 0) {
      throw new IllegalStateException("pgbench failed:\n" + out);
    }
    java.util.regex.Matcher tps = java.util.regex.Pattern.compile("tps = ([0-9.]+)").matcher(out);
    if (!tps.find()) {
      throw new IllegalStateException("no tps in pgbench output:\n" + out);
    }
    List<Long> latencies = new ArrayList<>();
    try (var files = Files.list(logs)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] cols = line.split(" ");
          if (cols.length > 2) {
            latencies.add(Long.parseLong(cols[2]));
          }
        }
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new double[] {Double.parseDouble(tps.group(1)), pct(sorted, 50), pct(sorted, 99)};
  }

  /**
   * Fails unless the floor answers {@code body} with the transactions and the pagination object
   * (cursor included) that ais-service gives: a floor doing less would prove nothing. Waits up to
   * 30 s for the floor to listen.
   */
  private static void sameAnswer(String apiUrl, String floorUrl, String token, String body)
      throws Exception {
    var json = new ObjectMapper();
    var api = Http.post(apiUrl, "application/json", body, "Authorization", "Bearer " + token);
    HttpResponse<String> bare = null;
    for (int i = 0; bare == null; i++) {
      try {
        bare = Http.post(floorUrl, "application/json", body);
      } catch (IOException e) {
        if (i == 60) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
    var a = json.readTree(api.body());
    var f = json.readTree(bare.body());
    if (api.statusCode() != 200
        || bare.statusCode() != 200
        || !a.get("transactions").equals(f.get("transactions"))
        || !a.get("pagination").equals(f.get("pagination"))) {
      throw new IllegalStateException(
          "the floor does not answer as ais-service does:\n" + api.body() + "\n" + bare.body());
    }
  }

  /**
   * wrk (a C load generator, like pgbench a C client) posting the page request with {@code
   * inFlight} connections for {@code seconds}; any non-2xx answer or socket error stops the run.
   */
  private static Wrk.Result api(
      String url, String script, String token, String body, int inFlight, int seconds)
      throws Exception {
    Wrk.Result r =
        Wrk.run(url, script, inFlight, seconds, "/v2/ais/transactions/list", token, body);
    if (r.non2xx() > 0 || r.socketErrors() > 0) {
      throw new IllegalStateException(
          r.non2xx()
              + " non-2xx answers, "
              + r.socketErrors()
              + " socket errors: the numbers"
              + " would lie");
    }
    return r;
  }
}
