package dev.openbank.sandbox;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.net.URI;

/** A PSU on the sandbox's SCA pages, driven over real HTTP as a browser would. */
final class Sca {

  private Sca() {}

  /** Submits the SCA form; returns the response (303 to the TPP, or 401 to try again). */
  static Response submit(String scaUrl, String decision, String... fields) {
    var request = given().redirects().follow(false).formParam("decision", decision);
    for (int i = 0; i < fields.length; i += 2) {
      request.formParam(fields[i], fields[i + 1]);
    }
    return request.post(URI.create(scaUrl));
  }

  static Response approve(String scaUrl, String... fields) {
    return submit(scaUrl, "approve", fields);
  }
}
