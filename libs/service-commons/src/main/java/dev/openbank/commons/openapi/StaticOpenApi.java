package dev.openbank.commons.openapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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

  private ClassLoader loader;
  private volatile Buffer yaml;
  private volatile Buffer json;

  void route(@Observes Router router) {
    // the application's loader, which sees the service's own resources in every launch mode
    loader = Thread.currentThread().getContextClassLoader();
    if (loader.getResource(YAML) == null) {
      return; // a service without a document: the path stays unrouted
    }
    router.get(PATH).handler(this::serve);
  }

  private void serve(RoutingContext rc) {
    boolean asJson = wantsJson(rc.request().getParam("format"), rc.request().getHeader("Accept"));
    Buffer body = asJson ? json() : yaml();
    rc.response()
        .putHeader("Content-Type", asJson ? "application/json" : "application/yaml;charset=UTF-8")
        .end(body);
  }

  /** JSON when asked by {@code ?format=json}, or by Accept when no format is given. */
  static boolean wantsJson(String format, String accept) {
    if (format != null) {
      return format.equalsIgnoreCase("json");
    }
    return accept != null && accept.contains("application/json");
  }

  private Buffer yaml() {
    Buffer b = yaml;
    if (b == null) {
      yaml = b = read(loader, YAML);
    }
    return b;
  }

  private Buffer json() {
    Buffer b = json;
    if (b == null) {
      json = b = read(loader, JSON);
    }
    return b;
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
