package dev.openbank.bench;

import dev.openbank.testsupport.EmbeddedPostgresServer;
import dev.openbank.testsupport.PackagedService;
import dev.openbank.testsupport.ServiceDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/**
 * The token endpoint benchmark (docs/benchmarks.md): the machine's bare signing rate, then
 * auth-service (packaged jar, real PostgreSQL) with client_secret_basic and private_key_jwt in
 * RS256 and with ES256, then Keycloak 26 after a two-minute warm-up, all loaded by wrk with the
 * same connections; prints tokens/s, p50, p99, the fraction of the signing ceiling and the ratio to
 * Keycloak.
 */
public final class TokenBenchmark {

  private static final List<String[]> ROWS = new ArrayList<>();

  private static final String TOKEN_PATH = "/oauth2/token";

  /** Each scenario's measured time is split into rounds, each followed by the ceiling. */
  private static final int ROUNDS = 3;

  public static void main(String[] args) {
    BenchMain.exitOnFailure(() -> run(args));
  }

  private static void run(String[] args) throws Exception {
    int seconds = intArg(args, "--duration=", 30);
    int connections = intArg(args, "--connections=", 8);
    // the same warm-up for every server under test (the issue asks two minutes for Keycloak)
    int warmup = intArg(args, "--warmup=", 120);
    // --rs256-basic-only, for experiments on the service: the first row alone, no Keycloak
    boolean basicOnly = List.of(args).contains("--rs256-basic-only");
    // --es256-basic-only: the ES256 row alone, no Keycloak
    boolean esOnly = List.of(args).contains("--es256-basic-only");
    boolean keycloak = !List.of(args).contains("--skip-keycloak") && !basicOnly && !esOnly;
    Path root = Path.of(System.getProperty("openbank.root", ".")).toAbsolutePath().normalize();
    Path work = Files.createDirectories(root.resolve("bench/target/run"));
    Path scripts = root.resolve("bench/src/main/resources");
    Load load = new Load(scripts, connections, warmup, seconds);
    int cores = Runtime.getRuntime().availableProcessors();

    String jdk = System.getProperty("java.vendor") + " " + System.getProperty("java.version");
    say(
        "JDK "
            + jdk
            + ", "
            + cores
            + " cores, "
            + connections
            + " connections, "
            + seconds
            + " s per run");
    SigningCeiling.Result rs = SigningCeiling.measure("RS256", cores, 10);
    SigningCeiling.Result es = SigningCeiling.measure("ES256", cores, 10);
    say("signing ceiling on " + cores + " threads: RS256 " + rs + ", ES256 " + es);

    boolean keycloakOnly = List.of(args).contains("--keycloak-only");
    Wrk.Result basicRs = null;
    Wrk.Result jwtRs = null;
    Wrk.Result basicEs = null;
    Wrk.Result floor = null;
    if (!keycloakOnly) {
      EmbeddedPostgres postgres =
          EmbeddedPostgresServer.start(Files.createTempDirectory(work, "pg"), 0);
      ServiceDatabase db = AuthServiceUnderTest.database(postgres);
      RsaJsonWebKey clientKey = RsaJwkGenerator.generateJwk(2048);
      clientKey.setKeyId("bench-key");
      String jwks = new JsonWebKeySet(clientKey).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);

      if (!esOnly) {
        try (AuthServiceUnderTest auth =
            AuthServiceUnderTest.start(
                root, postgres, db, "RS256", work.resolve("auth-rs256.log"))) {
          String[] client = auth.createClient(jwks);
          String basic = basicAuth(client[0], client[1]);
          String url = AuthServiceUnderTest.BASE;
          say("warming auth-service (" + warmup + " s)");
          basicRs =
              secretBasic(
                  "auth-service RS256 client_secret_basic", "RS256", load, url, TOKEN_PATH, basic);

          if (!basicOnly) {
            // private_key_jwt runs code the basic warm-up never touched (assertion parsing and
            // verification, the jti insert): with a 3 s warm-up the JIT compiler still took a
            // quarter of a core during the measured run, so this path gets half the warm-up too
            int warmJwt = Math.max(3, warmup / 2);
            int needed = (int) (basicRs.requestsPerSecond() * 1.5 * seconds) + 1000;
            int neededWarm = (int) (basicRs.requestsPerSecond() * 1.5 * warmJwt) + 1000;
            say("pre-signing " + (needed + neededWarm) + " RS256 client assertions");
            Path warmFile =
                assertions(work.resolve("assertions-warm.txt"), clientKey, client[0], neededWarm);
            // each round reads its own file: every assertion is accepted once
            List<Path> files = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
              files.add(
                  assertions(
                      work.resolve("assertions-" + round + ".txt"),
                      clientKey,
                      client[0],
                      needed / ROUNDS));
            }
            say("warming private_key_jwt (" + warmJwt + " s)");
            Wrk.run(
                url,
                scripts.resolve("assertions.lua").toString(),
                connections,
                warmJwt,
                warmFile.toString(),
                "2");
            jwtRs =
                measure(
                    "auth-service RS256 private_key_jwt",
                    "RS256",
                    seconds,
                    (round, roundSeconds) ->
                        Wrk.run(
                            url,
                            scripts.resolve("assertions.lua").toString(),
                            connections,
                            roundSeconds,
                            files.get(round).toString(),
                            "2"));
          }
        }
        floor = floor(load, work);
      }
      if (!basicOnly) {
        try (AuthServiceUnderTest auth =
            AuthServiceUnderTest.start(
                root, postgres, db, "ES256", work.resolve("auth-es256.log"))) {
          auth.rotate();
          String[] client = auth.createClient(null);
          String basic = basicAuth(client[0], client[1]);
          String url = AuthServiceUnderTest.BASE;
          basicEs =
              secretBasic(
                  "auth-service ES256 client_secret_basic", "ES256", load, url, TOKEN_PATH, basic);
        }
      }
      postgres.close();
    }

    Wrk.Result kc = null;
    if (keycloak) {
      Path zip =
          Path.of(
              System.getProperty("user.home"),
              ".m2/repository/org/keycloak/keycloak-quarkus-dist/26.7.3/keycloak-quarkus-dist-26.7.3.zip");
      say("starting Keycloak 26.7.3 (production mode, embedded dev-file database)");
      Path kcDir = Files.createTempDirectory(work, "keycloak");
      try (KeycloakUnderTest k =
          KeycloakUnderTest.start(zip, kcDir, work.resolve("keycloak.log"))) {
        String basic = basicAuth(KeycloakUnderTest.CLIENT_ID, KeycloakUnderTest.SECRET);
        say("warming Keycloak (" + warmup + " s)");
        kc =
            secretBasic(
                "Keycloak 26.7.3 RS256 client_secret_basic",
                "RS256",
                load,
                KeycloakUnderTest.BASE,
                KeycloakUnderTest.TOKEN_PATH,
                basic);
      }
    }

    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%nJDK %s, %d cores, %d connections, %d s per run%n",
            jdk,
            cores,
            connections,
            seconds));
    table.append(
        String.format(
            Locale.ROOT,
            "signing ceiling at the start: RS256 %s, ES256 %s%n"
                + "each row: %d rounds, each compared with the ceiling measured right after it (mean"
                + " of the fractions); p50 the median round's, p99 the worst round's%n%n",
            rs,
            es,
            ROUNDS));
    table.append(
        String.format(
            Locale.ROOT,
            "| %-42s | %9s | %7s | %7s | %9s | %10s | %13s | %14s | %6s |%n",
            "scenario",
            "tokens/s",
            "p50 ms",
            "p99 ms",
            "ceiling/s",
            "of ceiling",
            "CPU ms/token",
            "signature part",
            "errors"));
    table.append(
        "|--------------------------------------------|-----------|---------|---------|-----------|------------|---------------|----------------|--------|\n");
    for (String[] r : ROWS) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %-42s | %9s | %7s | %7s | %9s | %10s | %13s | %14s | %6s |%n",
              (Object[]) r));
    }
    table.append(
        "\nCPU ms/token: the server's CPU time per token in the measured run; signature part: one"
            + " bare signature's CPU time (from the ceiling) as a share of it.\n");
    if (kc != null && basicRs != null && jwtRs != null && basicEs != null) {
      table.append(
          String.format(
              Locale.ROOT,
              "%nauth-service / Keycloak: RS256 basic %.2fx, RS256 private_key_jwt %.2fx, ES256 basic %.2fx%n",
              basicRs.requestsPerSecond() / kc.requestsPerSecond(),
              jwtRs.requestsPerSecond() / kc.requestsPerSecond(),
              basicEs.requestsPerSecond() / kc.requestsPerSecond()));
    }
    if (floor != null && basicRs != null) {
      table.append(
          String.format(
              Locale.ROOT,
              "%nauth-service / the floor (RS256 basic): %.2f%n",
              basicRs.requestsPerSecond() / floor.requestsPerSecond()));
    }
    System.out.println(table);
    Files.writeString(root.resolve("bench/target/token-bench.md"), table.toString());
    System.exit(0);
  }

  /**
   * {@link TokenFloor}, a bare Vert.x token server, under the same load as auth-service's RS256
   * client_secret_basic row: what any server could reach here with this load generator. Its code is
   * small, so a third of the warm-up is plenty.
   */
  private static Wrk.Result floor(Load load, Path work) throws Exception {
    int port = PackagedService.freePort();
    String id = "floor-client";
    String secret = "floor-secret-0123456789abcdef0123456789";
    Process floor =
        FloorServer.start(
            List.of("-XX:+UseParallelGC", "-Xms512m", "-Xmn384m"),
            TokenFloor.class,
            work.resolve("token-floor.log"),
            String.valueOf(port),
            AuthServiceUnderTest.BASE,
            id,
            secret);
    try {
      String url = "http://localhost:" + port;
      Http.waitReady(url + "/", Duration.ofSeconds(30), floor);
      say("warming the floor (" + Math.max(3, load.warmupSeconds() / 3) + " s)");
      return secretBasic(
          "floor: bare Vert.x + JCA, RS256 basic",
          "RS256",
          load,
          Math.max(3, load.warmupSeconds() / 3),
          CpuUse.pid(floor.pid()),
          url,
          TOKEN_PATH,
          basicAuth(id, secret));
    } finally {
      floor.destroy();
      floor.waitFor();
    }
  }

  /** The load every scenario gets: wrk's scripts, connections, warm-up and measured seconds. */
  private record Load(Path scripts, int connections, int warmupSeconds, int seconds) {}

  /** A warm-up run, then the measured rounds, of client_credentials with client_secret_basic. */
  private static Wrk.Result secretBasic(
      String name, String alg, Load load, String url, String path, String basicAuth)
      throws Exception {
    return secretBasic(
        name, alg, load, load.warmupSeconds(), CpuUse.commandLine("quarkus"), url, path, basicAuth);
  }

  private static Wrk.Result secretBasic(
      String name,
      String alg,
      Load load,
      int warmupSeconds,
      Predicate<ProcessHandle> server,
      String url,
      String path,
      String basicAuth)
      throws Exception {
    String script = load.scripts().resolve("basic.lua").toString();
    String body = "grant_type=client_credentials";
    Wrk.run(url, script, load.connections(), warmupSeconds, path, basicAuth, body);
    return measure(
        name,
        alg,
        load.seconds(),
        server,
        (round, roundSeconds) ->
            Wrk.run(url, script, load.connections(), roundSeconds, path, basicAuth, body));
  }

  /** One round of load for {@code seconds}; {@code round} counts from 0. */
  private interface Round {
    Wrk.Result run(int round, int seconds) throws Exception;
  }

  /**
   * Measures a scenario in {@link #ROUNDS} rounds, each followed by the signing ceiling of {@code
   * alg}: the machine's speed moves by a fifth within minutes here, so each round is compared with
   * the ceiling measured right after it, and the row gives the mean of the rounds' fractions. The
   * cores each part of the machine used are read during every round.
   */
  private static Wrk.Result measure(String name, String alg, int seconds, Round round)
      throws Exception {
    return measure(name, alg, seconds, CpuUse.commandLine("quarkus"), round);
  }

  /** As above, with the server's processes picked by {@code server}. */
  private static Wrk.Result measure(
      String name, String alg, int seconds, Predicate<ProcessHandle> server, Round round)
      throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int roundSeconds = Math.max(1, seconds / ROUNDS);
    double rates = 0;
    List<Double> p50s = new ArrayList<>();
    double p99 = 0;
    long errors = 0;
    double fractions = 0;
    double ceilings = 0;
    double serverCpuSeconds = 0;
    double tokens = 0;
    for (int i = 0; i < ROUNDS; i++) {
      CpuUse cpu =
          new CpuUse()
              .group("server", server)
              .group("PostgreSQL", CpuUse.command("postgres"))
              .group("this JVM", CpuUse.pid(ProcessHandle.current().pid()));
      cpu.start("round");
      Wrk.Result r = round.run(i, roundSeconds);
      Map<String, Double> used = new LinkedHashMap<>();
      cpu.print("round " + (i + 1), used);
      // the JIT compiled the signature at the start of the benchmark: 1 s re-warms the cores
      double ceiling = SigningCeiling.measure(alg, cores, 5, 1).perSecond();
      rates += r.requestsPerSecond();
      p50s.add(r.p50Millis());
      p99 = Math.max(p99, r.p99Millis());
      errors += r.non2xx() + r.socketErrors();
      fractions += r.requestsPerSecond() / ceiling;
      ceilings += ceiling;
      serverCpuSeconds += used.get("server") * roundSeconds;
      tokens += r.requestsPerSecond() * roundSeconds;
      say(
          String.format(
              Locale.ROOT,
              "  %s, round %d: %.0f tokens/s, p50 %.2f ms, p99 %.2f ms; %s ceiling right after:"
                  + " %.0f/s (%.0f%%); server CPU %.3f ms/token",
              name,
              i + 1,
              r.requestsPerSecond(),
              r.p50Millis(),
              r.p99Millis(),
              alg,
              ceiling,
              100 * r.requestsPerSecond() / ceiling,
              used.get("server") * 1000 / r.requestsPerSecond()));
    }
    double rate = rates / ROUNDS;
    double p50 = p50s.stream().sorted().toList().get(ROUNDS / 2);
    double ceiling = ceilings / ROUNDS;
    double fraction = fractions / ROUNDS;
    // the server's CPU per token against one bare signature's (the ceiling's cores per signature)
    double cpuPerToken = serverCpuSeconds * 1000 / tokens;
    double cpuPerSignature = cores * 1000.0 / ceiling;
    ROWS.add(
        new String[] {
          name,
          String.format(Locale.ROOT, "%.0f", rate),
          String.format(Locale.ROOT, "%.2f", p50),
          String.format(Locale.ROOT, "%.2f", p99),
          String.format(Locale.ROOT, "%.0f", ceiling),
          String.format(Locale.ROOT, "%.0f%%", 100 * fraction),
          String.format(Locale.ROOT, "%.3f", cpuPerToken),
          String.format(Locale.ROOT, "%.0f%%", 100 * cpuPerSignature / cpuPerToken),
          String.valueOf(errors)
        });
    say(
        String.format(
            Locale.ROOT,
            "%s: %.0f tokens/s, p50 %.2f ms, p99 %.2f ms (worst round), %d errors; %.0f%% of the"
                + " %s ceiling; server CPU %.3f ms/token, a bare signature %.3f ms",
            name,
            rate,
            p50,
            p99,
            errors,
            100 * fraction,
            alg,
            cpuPerToken,
            cpuPerSignature));
    return new Wrk.Result(rate, p50, p99, errors, 0);
  }

  private static Path assertions(Path file, RsaJsonWebKey key, String clientId, int count)
      throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<StringBuilder>> parts = new ArrayList<>();
    int per = count / threads + 1;
    for (int t = 0; t < threads; t++) {
      parts.add(
          pool.submit(
              () -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < per; i++) {
                  sb.append("grant_type=client_credentials&client_assertion_type=")
                      .append(
                          "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=")
                      .append(assertion(key, clientId))
                      .append('\n');
                }
                return sb;
              }));
    }
    StringBuilder all = new StringBuilder();
    for (Future<StringBuilder> f : parts) {
      all.append(f.get());
    }
    pool.shutdown();
    Files.writeString(file, all, StandardCharsets.US_ASCII);
    return file;
  }

  private static String assertion(RsaJsonWebKey key, String clientId) throws Exception {
    JwtClaims c = new JwtClaims();
    c.setIssuer(clientId);
    c.setSubject(clientId);
    c.setAudience(AuthServiceUnderTest.BASE + TOKEN_PATH);
    c.setIssuedAtToNow();
    c.setExpirationTimeMinutesInTheFuture(55);
    c.setJwtId(UUID.randomUUID().toString());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(c.toJson());
    jws.setAlgorithmHeaderValue("RS256");
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setKey(key.getPrivateKey());
    return jws.getCompactSerialization();
  }

  private static String basicAuth(String id, String secret) {
    return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static int intArg(String[] args, String prefix, int fallback) {
    for (String a : args) {
      if (a.startsWith(prefix)) {
        return Integer.parseInt(a.substring(prefix.length()));
      }
    }
    return fallback;
  }

  private static void say(String s) {
    System.out.println("==> " + s);
  }
}
