package dev.openbank.commons.openapi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StaticOpenApiTest {

  @Test
  void jsonOnlyWhenAskedForByFormatOrElseByAccept() {
    assertFalse(StaticOpenApi.wantsJson(null, null));
    assertFalse(StaticOpenApi.wantsJson(null, "*/*"));
    assertFalse(StaticOpenApi.wantsJson("yaml", "application/json"));
    assertTrue(StaticOpenApi.wantsJson("JSON", null));
    assertTrue(StaticOpenApi.wantsJson(null, "application/json, text/plain"));
  }
}
