package dev.openbank.commons.openapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the service's OpenAPI document at {@code /q/openapi} (YAML; JSON with {@code ?format=json}
 * or {@code Accept: application/json}), as quarkus-smallrye-openapi did, from the files {@code
 * META-INF/openapi/openapi.yaml} and {@code .json} in the service's jar. Those files are generated
 * from the code by the extension in the service's tests, which fail when a file differs from what
 * the code generates ({@code OpenApiContract} in test-support): Quarkus 3.34 builds the document
 * again at every start (about 0.1-0.2 s of each service's start), and the document does not change
 * after the build.
 */
@ApplicationScoped
public class StaticOpenApi {

  public static final String PATH = "/q/openapi";
  static final String YAML = "META-INF/openapi/openapi.yaml";
  static final String JSON = "META-INF/openapi/openapi.json";

  void route(@Observes Router router) {
    // the application's loader, which sees the service's own resources in every launch mode
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader.getResource(YAML) == null) {
      return; // a service without a document: the path stays unrouted
    }
    // about 30 KB together: read once here, so a jar missing one of them fails at start
    Buffer yaml = read(loader, YAML);
    Buffer json = read(loader, JSON);
    router
        .get(PATH)
        .handler(
            rc -> {
              boolean asJson =
                  wantsJson(rc.request().getParam("format"), rc.request().getHeader("Accept"));
              rc.response()
                  .putHeader(
                      "Content-Type",
                      asJson ? "application/json" : "application/yaml;charset=UTF-8")
                  .end(asJson ? json : yaml);
            });
  }

  /** JSON when asked by {@code ?format=json}, or by Accept when no format is given. */
  static boolean wantsJson(String format, String accept) {
    if (format != null) {
      return format.equalsIgnoreCase("json");
    }
    return accept != null && accept.contains("application/json");
  }

  private static Buffer read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the service's jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
