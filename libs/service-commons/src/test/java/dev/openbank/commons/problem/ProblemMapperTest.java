package dev.openbank.commons.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.openbank.testsupport.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ProblemMapperTest {

  @Test
  void validationNamesTheSnakeCaseField() {
    given()
        .contentType("application/json")
        .body("{\"creditor_name\":\" \"}")
        .post("/test/problems/validated")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:openbank:problem:invalid_request"))
        .body("field", equalTo("creditor_name"))
        .body("errors[0].field", equalTo("creditor_name"));
  }

  @Test
  void nestedListFieldsAreNamedWithTheirIndex() {
    given()
        .contentType("application/json")
        .body("{\"creditor_name\":\"Shop\",\"goods\":[{\"item_name\":\"a\",\"quantity\":0}]}")
        .post("/test/problems/validated")
        .then()
        .statusCode(400)
        .body("field", equalTo("goods[0].quantity"));
  }

  @Test
  void unknownAndMistypedPropertiesAreNamed() {
    given()
        .contentType("application/json")
        .body("{\"creditor_name\":\"Shop\",\"amount_x\":1}")
        .post("/test/problems/validated")
        .then()
        .statusCode(400)
        .body("field", equalTo("amount_x"));
    given()
        .contentType("application/json")
        .body(
            "{\"creditor_name\":\"Shop\",\"goods\":[{\"item_name\":\"a\",\"quantity\":\"many\"}]}")
        .post("/test/problems/validated")
        .then()
        .statusCode(400)
        .body("field", equalTo("goods[0].quantity"));
  }

  @Test
  void malformedJsonIsAProblem() {
    given()
        .contentType("application/json")
        .body("{\"creditor_name\": x}")
        .post("/test/problems/validated")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:openbank:problem:malformed_json"));
    given()
        .contentType("application/json")
        .body("{\"creditor_name\":")
        .post("/test/problems/validated")
        .then()
        .statusCode(400)
        .body("type", equalTo("urn:openbank:problem:malformed_json"));
  }

  @Test
  void expectedFailuresKeepTheirTypeAndField() {
    given()
        .post("/test/problems/conflict")
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:openbank:problem:conflict"))
        .body("field", equalTo("link_id"))
        .body("detail", equalTo("already cancelled"));
  }

  @Test
  void unexpectedErrorsHideTheirDetails() {
    given()
        .post("/test/problems/boom")
        .then()
        .statusCode(500)
        .contentType("application/problem+json")
        .body("detail", startsWith("unexpected error, reference "))
        .body(not(containsString("secret internal detail")));
  }

  @Test
  void unknownPathsAreProblemsToo() {
    given()
        .post("/test/nowhere")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }
}
