package dev.openbank.system;

import static io.restassured.RestAssured.given;

import java.util.Map;

/** Reads a service's Prometheus endpoint ({@code /q/metrics}) as an operator's scraper does. */
final class Metrics {

  private Metrics() {}

  /** The sum of the samples of {@code name} that carry all of {@code tags}. */
  static double sum(String serviceUrl, String name, Map<String, String> tags) {
    String text =
        given().get(serviceUrl + "/q/metrics").then().statusCode(200).extract().asString();
    double total = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      String labels =
          line.contains("{") ? line.substring(line.indexOf('{'), line.indexOf('}')) : "";
      if (tags.entrySet().stream()
          .allMatch(t -> labels.contains(t.getKey() + "=\"" + t.getValue() + "\""))) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
