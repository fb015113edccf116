package dev.openbank.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource: the real, packaged auth-service as the token issuer, on the shared
 * PostgreSQL (its own {@code auth} schema) and Kafka, started once per JVM.
 *
 * <p>Use {@code @WithTestResource(RealAuthService.class)} next to {@link RealInfrastructure}. It
 * sets {@code openbank.security.issuer}, so the service under test validates tokens exactly as in
 * production (discovery, JWKS). Tests create clients and tokens with {@link AuthServiceClient}.
 */
public class RealAuthService implements QuarkusTestResourceLifecycleManager {

  private static AuthServiceClient running;

  /** The running auth-service, started on first use. */
  public static synchronized AuthServiceClient shared() {
    if (running == null) {
      running = startAuthService();
    }
    return running;
  }

  @Override
  public Map<String, String> start() {
    AuthServiceClient auth = shared();
    return Map.of(
        "openbank.security.issuer", auth.issuer(), "openbank.test.auth-url", auth.issuer());
  }

  @Override
  public void stop() {
    // shared for the whole JVM; stopped by a shutdown hook
  }

  private static AuthServiceClient startAuthService() {
    ServiceDatabase db = EmbeddedPostgresServer.provision("auth");
    String kafka = EmbeddedKafkaBroker.bootstrapServers();
    int port = PackagedService.freePort();
    String issuer = "http://localhost:" + port;
    String adminKey = randomBase64(32);
    try {
      Process process =
          PackagedService.start(
              PackagedService.locateRunJar("auth-service"),
              Path.of("target", "auth-service-for-tests.log"),
              db.environment(
                  "AUTH",
                  Map.ofEntries(
                      Map.entry("QUARKUS_HTTP_PORT", String.valueOf(port)),
                      Map.entry("AUTH_ISSUER", issuer),
                      Map.entry("AUTH_MASTER_KEY", randomBase64(32)),
                      Map.entry("AUTH_SECRET_HASH_KEY", randomBase64(32)),
                      Map.entry("AUTH_ADMIN_KEY", adminKey),
                      Map.entry("AUTH_CURSOR_SECRET", randomBase64(32)),
                      Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka))),
              List.of("-Xmx192m", "-XX:TieredStopAtLevel=1"));
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      PackagedService.awaitReady(
          process, "auth-service", issuer + "/q/health/ready", Duration.ofSeconds(60));
      return new AuthServiceClient(issuer, adminKey);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not start auth-service for tests (log: target/auth-service-for-tests.log)", e);
    }
  }

  private static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
