package dev.openbank.testsupport;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/**
 * Keeps a service's committed OpenAPI document equal to what its code generates. In tests the
 * quarkus-smallrye-openapi extension (a test-scoped dependency) generates the document at {@link
 * #GENERATED}; the service serves its committed files at {@code /q/openapi} (service-commons'
 * StaticOpenApi). A difference fails the test; run the test with {@code -Dopenapi.write=true} to
 * write the generated document into {@code src/main/resources/META-INF/openapi/} and commit it.
 */
public final class OpenApiContract {

  /** Where the extension serves the generated document in the tests (service-commons' config). */
  public static final String GENERATED = "/q/openapi-generated";

  private OpenApiContract() {}

  /** Checks (or with {@code -Dopenapi.write=true} writes) the YAML and the JSON document. */
  public static void check() throws IOException {
    boolean write = Boolean.getBoolean("openapi.write");
    for (String format : new String[] {"yaml", "json"}) {
      String generated = fetch(GENERATED, format);
      Path file = Path.of("src/main/resources/META-INF/openapi/openapi." + format);
      if (write) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, generated, StandardCharsets.UTF_8);
        continue;
      }
      Assertions.assertTrue(
          Files.exists(file), file + " is missing: run this test with -Dopenapi.write=true");
      Assertions.assertEquals(
          generated,
          Files.readString(file, StandardCharsets.UTF_8),
          file
              + " is not what the code generates: run this test with -Dopenapi.write=true and"
              + " commit the file");
      Assertions.assertEquals(
          generated, fetch("/q/openapi", format), "/q/openapi serves the committed " + file);
    }
  }

  private static String fetch(String path, String format) {
    return given()
        .queryParam("format", format)
        .get(path)
        .then()
        .statusCode(200)
        .extract()
        .body()
        .asString();
  }
}
