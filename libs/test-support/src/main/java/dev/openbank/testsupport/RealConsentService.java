package dev.openbank.testsupport;

import dev.openbank.testsupport.AuthServiceClient.ApiClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource: the real, packaged consent-service on the shared PostgreSQL and Kafka,
 * with the real auth-service, provider-registry and sandbox bank, started once per JVM. It follows
 * bank consents quickly (status reads from 200 ms) so tests need not wait.
 *
 * <p>Use it after {@link RealInfrastructure}, {@link RealAuthService} and {@link
 * RealProviderRegistry}. It sets {@code openbank.test.consent-url}.
 */
public class RealConsentService implements QuarkusTestResourceLifecycleManager {

  private static String running;

  /** The running consent-service's URL, started on first use. */
  public static synchronized String shared() {
    if (running == null) {
      running = startConsentService();
    }
    return running;
  }

  @Override
  public Map<String, String> start() {
    return Map.of("openbank.test.consent-url", shared());
  }

  @Override
  public void stop() {
    // shared for the whole JVM; stopped by a shutdown hook
  }

  private static String startConsentService() {
    AuthServiceClient auth = RealAuthService.shared();
    RealProviderRegistry.Urls urls = RealProviderRegistry.shared();
    ApiClient self = auth.createClient("sandbox", "internal");
    ServiceDatabase db = EmbeddedPostgresServer.provision("consent");
    int port = PackagedService.freePort();
    String url = "http://localhost:" + port;
    Path log = Path.of("target", "consent-service-for-tests.log");
    Map<String, String> env =
        db.environment(
            "CONSENT",
            Map.ofEntries(
                Map.entry("QUARKUS_HTTP_PORT", String.valueOf(port)),
                Map.entry("AUTH_ISSUER", auth.issuer()),
                Map.entry("CONSENT_PUBLIC_URL", url),
                Map.entry("REGISTRY_URL", urls.registry()),
                Map.entry("CONSENT_CLIENT_ID", self.clientId()),
                Map.entry("CONSENT_CLIENT_SECRET", self.secret()),
                Map.entry("OPENBANK_CONSENT_STATUS_CHECK_FIRST", "200ms"),
                Map.entry("OPENBANK_CONSENT_STATUS_CHECK_MAX", "1s"),
                Map.entry("OPENBANK_CONSENT_STATUS_CHECK_TICK", "200ms"),
                Map.entry("OPENBANK_CONSENT_EXPIRY_CHECK", "500ms"),
                Map.entry("OPENBANK_SECURITY_JWKS_CACHE", "1s"),
                Map.entry("OPENBANK_REGISTRY_CLIENT_CACHE", "1s"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaBroker.bootstrapServers())));
    try {
      Process process =
          PackagedService.start(
              PackagedService.locateRunJar("consent-service"),
              log,
              env,
              List.of("-Xmx192m", "-XX:TieredStopAtLevel=1"));
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      PackagedService.awaitReady(
          process, "consent-service", url + "/q/health/ready", Duration.ofSeconds(60));
      return url;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not start consent-service for tests (log: " + log + ")", e);
    }
  }
}
