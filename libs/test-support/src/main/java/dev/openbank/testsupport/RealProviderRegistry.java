package dev.openbank.testsupport;

import dev.openbank.testsupport.AuthServiceClient.ApiClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource: the real, packaged provider-registry and sandbox-bank (the registry's
 * default providers point at that sandbox bank), on the shared PostgreSQL and Kafka, started once
 * per JVM, with the real auth-service as issuer.
 *
 * <p>Use it after {@link RealInfrastructure} and {@link RealAuthService}. It registers a service
 * client with scope {@code internal} and sets {@code openbank.service-client.id|secret} for the
 * service under test, plus {@code openbank.test.registry-url} and {@code
 * openbank.test.sandbox-url}. The sandbox bank settles payments after 300 ms and reports funds 300
 * ms later.
 */
public class RealProviderRegistry implements QuarkusTestResourceLifecycleManager {

  /** Where the two services listen. */
  public record Urls(String registry, String sandbox) {}

  private static Urls running;

  /** The running registry and sandbox bank, started on first use. */
  public static synchronized Urls shared() {
    if (running == null) {
      AuthServiceClient auth = RealAuthService.shared();
      String sandbox = startSandboxBank();
      running = new Urls(startRegistry(auth.issuer(), sandbox), sandbox);
    }
    return running;
  }

  @Override
  public Map<String, String> start() {
    Urls urls = shared();
    ApiClient service = RealAuthService.shared().createClient("sandbox", "internal");
    return Map.of(
        "openbank.test.registry-url", urls.registry(),
        "openbank.test.sandbox-url", urls.sandbox(),
        "openbank.service-client.id", service.clientId(),
        "openbank.service-client.secret", service.secret());
  }

  @Override
  public void stop() {
    // shared for the whole JVM; stopped by a shutdown hook
  }

  private static String startSandboxBank() {
    ServiceDatabase db = EmbeddedPostgresServer.provision("sandbox");
    int port = PackagedService.freePort();
    String url = "http://localhost:" + port;
    return start(
        "sandbox-bank",
        url,
        db.environment(
            "SANDBOX",
            Map.ofEntries(
                Map.entry("QUARKUS_HTTP_PORT", String.valueOf(port)),
                Map.entry("SANDBOX_PUBLIC_URL", url),
                Map.entry("OPENBANK_SANDBOX_SETTLE_AFTER", "300ms"),
                Map.entry("OPENBANK_SANDBOX_FUNDS_AFTER", "300ms"))));
  }

  private static String startRegistry(String issuer, String sandboxUrl) {
    ServiceDatabase db = EmbeddedPostgresServer.provision("registry");
    int port = PackagedService.freePort();
    String url = "http://localhost:" + port;
    return start(
        "provider-registry",
        url,
        db.environment(
            "REGISTRY",
            Map.ofEntries(
                Map.entry("QUARKUS_HTTP_PORT", String.valueOf(port)),
                Map.entry("AUTH_ISSUER", issuer),
                Map.entry("SANDBOX_BANK_URL", sandboxUrl),
                Map.entry("REGISTRY_CURSOR_SECRET", randomBase64(32)),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaBroker.bootstrapServers()))));
  }

  private static String start(String module, String url, Map<String, String> env) {
    Path log = Path.of("target", module + "-for-tests.log");
    try {
      Process process =
          PackagedService.start(
              PackagedService.locateRunJar(module),
              log,
              env,
              List.of("-Xmx192m", "-XX:TieredStopAtLevel=1"));
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      PackagedService.awaitReady(process, module, url + "/q/health/ready", Duration.ofSeconds(60));
      return url;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not start " + module + " for tests (log: " + log + ")", e);
    }
  }

  private static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
