package dev.openbank.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * FinqLink's published private_key_jwt flow, run as its own bash + openssl + curl scripts
 * (docs/examples), against this auth-service: keys from the seed's openssl commands, the public JWK
 * registered through the admin API, the assertion built by the seed's script, a token by curl.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SeedScriptFlowTest {

  private static final Path EXAMPLES =
      Path.of("..", "docs", "examples").toAbsolutePath().normalize();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theSeedScriptsObtainAToken() throws Exception {
    // absolute: the scripts run in it, and the uuidgen shim directory goes on their PATH
    Path work = Files.createTempDirectory(Path.of("target"), "seed004").toAbsolutePath();
    Path bin = shimUuidgenIfMissing(work);

    String keygen = run(work, bin, Map.of(), EXAMPLES.resolve("seed004-generate-keys.sh"));
    assertTrue(keygen.contains("Keys generated successfully!"), keygen);
    JsonNode publicJwk = json.readTree(work.resolve("public.key.json").toFile());

    var client =
        AuthFixtures.createClient(
            List.of("pay_by_link"), Map.of("keys", List.of(publicJwk)), false);

    String out =
        run(
            work,
            bin,
            Map.of(
                "CLIENT_ID", client.clientId(),
                "AUD", AuthFixtures.TOKEN_URL,
                "KID", publicJwk.get("kid").asText()),
            EXAMPLES.resolve("seed004-get-token.sh"));
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    JsonNode response = json.readTree(last);
    assertEquals("Bearer", response.path("token_type").asText(), out);
    assertEquals("pay_by_link", response.path("scope").asText());

    given()
        .auth()
        .oauth2(response.path("access_token").asText())
        .post("/test/protected")
        .then()
        .statusCode(403); // authenticated, but pay_by_link does not grant "providers"
  }

  private static Path shimUuidgenIfMissing(Path work) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Process which = new ProcessBuilder("bash", "-c", "command -v uuidgen").start();
    if (which.waitFor() != 0) {
      Path shim = bin.resolve("uuidgen");
      Files.writeString(shim, "#!/bin/bash\ncat /proc/sys/kernel/random/uuid\n");
      Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  private static String run(Path dir, Path bin, Map<String, String> env, Path script)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text;
  }
}
