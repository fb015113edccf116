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

/**
 * An API client of the local platform (the demo client, and the services' own clients): created
 * once through auth-service's admin API, its credentials kept in a file readable by the owner only.
 */
record LocalClient(String clientId, String clientSecret) {

  private static final Pattern FIELD =
      Pattern.compile("\"(client_id|client_secret)\"\\s*:\\s*\"([^\"]+)\"");

  static LocalClient ensure(
      Path file, int authPort, String adminKey, String name, java.util.List<String> scopes)
      throws IOException, InterruptedException {
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      return new LocalClient(p.getProperty("client_id"), p.getProperty("client_secret"));
    }
    String body =
        "{\"name\":\""
            + name
            + "\",\"environment\":\"sandbox\",\"scopes\":[\""
            + String.join("\",\"", scopes)
            + "\"]}";
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
          "creating the client " + name + " failed: " + r.statusCode() + " " + r.body());
    }
    Properties p = new Properties();
    Matcher m = FIELD.matcher(r.body());
    while (m.find()) {
      p.setProperty(m.group(1), m.group(2));
    }
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, name + " of the local platform (the API shows the secret only once)");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return new LocalClient(p.getProperty("client_id"), p.getProperty("client_secret"));
  }
}
