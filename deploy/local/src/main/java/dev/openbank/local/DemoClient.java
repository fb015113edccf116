package dev.openbank.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo API client: created once through the admin API, its credentials kept locally. */
record DemoClient(String clientId, String clientSecret) {

  private static final Pattern FIELD =
      Pattern.compile("\"(client_id|client_secret)\"\\s*:\\s*\"([^\"]+)\"");

  static DemoClient ensure(Path file, int authPort, String adminKey)
      throws IOException, InterruptedException {
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      return new DemoClient(p.getProperty("client_id"), p.getProperty("client_secret"));
    }
    String body =
        "{\"name\":\"Demo client\",\"environment\":\"sandbox\","
            + "\"scopes\":[\"providers\",\"ais\",\"pay_by_link\",\"webhooks\"]}";
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + authPort + "/admin/clients/create"))
                    .header("Content-Type", "application/json")
                    .header("X-Admin-Key", adminKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "creating the demo client failed: " + r.statusCode() + " " + r.body());
    }
    Properties p = new Properties();
    Matcher m = FIELD.matcher(r.body());
    while (m.find()) {
      p.setProperty(m.group(1), m.group(2));
    }
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "Demo client of the local platform (the secret is shown only once by the API)");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return new DemoClient(p.getProperty("client_id"), p.getProperty("client_secret"));
  }
}
