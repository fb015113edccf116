package dev.openbank.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.Map;

/**
 * An end user's browser in end-to-end tests, as plain HTTP: opens pages without following redirects
 * (a test checks each one), submits the pages' forms, and logs in at the sandbox bank.
 */
public final class EndUser {

  private EndUser() {}

  /** GET of a page, redirects not followed. */
  public static ExtractableResponse<Response> open(String url) {
    return given().redirects().follow(false).get(url).then().extract();
  }

  /** Submits a form (application/x-www-form-urlencoded), redirects not followed. */
  public static ExtractableResponse<Response> submit(String url, Map<String, String> form) {
    return given()
        .redirects()
        .follow(false)
        .contentType(ContentType.URLENC)
        .formParams(form)
        .post(url)
        .then()
        .extract();
  }

  /**
   * Opens the sandbox bank's SCA page (it must answer 200) and submits its form; the answer is the
   * bank's redirect back to the platform.
   */
  public static ExtractableResponse<Response> atBank(String scaUrl, Map<String, String> form) {
    ExtractableResponse<Response> page = open(scaUrl);
    if (page.statusCode() != 200) {
      throw new AssertionError("SCA page " + scaUrl + " answered " + page.statusCode());
    }
    return submit(scaUrl, form);
  }
}
