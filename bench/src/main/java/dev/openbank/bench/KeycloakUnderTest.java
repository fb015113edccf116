package dev.openbank.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak 26 (the keycloak-quarkus-dist zip from Maven Central) in production mode, with a realm
 * and a confidential client for client_credentials with a client secret.
 */
final class KeycloakUnderTest implements AutoCloseable {

  static final int PORT = 18180;
  static final String BASE = "http://localhost:" + PORT;
  static final String TOKEN_PATH = "/realms/bench/protocol/openid-connect/token";
  static final String CLIENT_ID = "bench-client";
  static final String SECRET = "bench-secret-0123456789";

  private final Process process;

  private KeycloakUnderTest(Process process) {
    this.process = process;
  }

  static KeycloakUnderTest start(Path zip, Path workDir, Path log) throws Exception {
    Path home = unzip(zip, workDir);
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                home.resolve("bin/kc.sh").toString(),
                // production mode, as a deployment would run it; plain HTTP on loopback like
                // auth-service here, and the default embedded dev-file database
                "start",
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-port=" + PORT)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    pb.environment().put("KC_LOG_LEVEL", "warn");
    KeycloakUnderTest kc = new KeycloakUnderTest(pb.start());
    Http.waitReady(
        BASE + "/realms/master/.well-known/openid-configuration",
        Duration.ofMinutes(4),
        kc.process);
    kc.configure();
    return kc;
  }

  private void configure() throws Exception {
    var token =
        Http.post(
            BASE + "/realms/master/protocol/openid-connect/token",
            "application/x-www-form-urlencoded",
            "grant_type=password&client_id=admin-cli&username=admin&password=admin");
    String admin = new ObjectMapper().readTree(token.body()).get("access_token").asText();
    check(
        Http.post(
            BASE + "/admin/realms",
            "application/json",
            "{\"realm\":\"bench\",\"enabled\":true}",
            "Authorization",
            "Bearer " + admin));
    check(
        Http.post(
            BASE + "/admin/realms/bench/clients",
            "application/json",
            "{\"clientId\":\""
                + CLIENT_ID
                + "\",\"enabled\":true,\"publicClient\":false,"
                + "\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false,"
                + "\"directAccessGrantsEnabled\":false,\"clientAuthenticatorType\":\"client-secret\","
                + "\"secret\":\""
                + SECRET
                + "\"}",
            "Authorization",
            "Bearer " + admin));
  }

  private static void check(java.net.http.HttpResponse<String> r) {
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("Keycloak setup failed: " + r.statusCode() + " " + r.body());
    }
  }

  private static Path unzip(Path zip, Path workDir) throws IOException {
    Path top = null;
    try (ZipFile z = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = z.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path target = workDir.resolve(e.getName()).normalize();
        if (!target.startsWith(workDir)) {
          throw new IOException("bad zip entry " + e.getName());
        }
        if (top == null) {
          top = workDir.resolve(Path.of(e.getName()).getName(0));
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (!Files.exists(target)) {
          Files.createDirectories(target.getParent());
          try (InputStream in = z.getInputStream(e)) {
            Files.copy(in, target);
          }
        }
      }
    }
    return top;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
