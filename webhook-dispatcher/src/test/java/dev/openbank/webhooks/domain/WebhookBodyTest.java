package dev.openbank.webhooks.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WebhookBodyTest {

  private static final String EVENT =
      "{\"event_id\":\"6f1c1c52-3c8e-4c7e-9d1e-0a6a3b1f8a11\",\"type\":\"link_status_update\","
          + "\"occurred_at\":\"2026-11-21T10:00:00.123456Z\",\"client_id\":\"cl_1\","
          + "\"webhook_url\":\"https://m.example/hook\",\"link_id\":\"L1\",\"web_id\":\"w1\","
          + "\"status\":\"completed\"}";

  @Test
  void theBodyIsTheEventWithoutRoutingFieldsInOrder() {
    WebhookBody b = WebhookBody.parse("L1", EVENT);
    assertEquals(
        "{\"event_id\":\"6f1c1c52-3c8e-4c7e-9d1e-0a6a3b1f8a11\",\"type\":\"link_status_update\","
            + "\"occurred_at\":\"2026-11-21T10:00:00.123456Z\",\"link_id\":\"L1\",\"web_id\":\"w1\","
            + "\"status\":\"completed\"}",
        b.body());
    assertEquals("cl_1", b.clientId());
    assertEquals("https://m.example/hook", b.webhookUrl());
    assertEquals("L1", b.aggregateId());
    assertEquals("link_status_update", b.type());
  }

  @Test
  void anEventWithoutWebhookUrlIsStillAnEvent() {
    assertNull(
        WebhookBody.parse("L1", EVENT.replace(",\"webhook_url\":\"https://m.example/hook\"", ""))
            .webhookUrl());
  }

  @Test
  void numbersKeepTheirDigits() {
    WebhookBody b =
        WebhookBody.parse(
            "L1", EVENT.replace("\"status\":\"completed\"", "\"amount\":100.50,\"n\":7"));
    assertEquals(true, b.body().endsWith("\"amount\":100.50,\"n\":7}"), b.body());
  }

  @Test
  void contractBreachesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> WebhookBody.parse("k", "not json"));
    assertThrows(IllegalArgumentException.class, () -> WebhookBody.parse("k", "[1]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> WebhookBody.parse("k", EVENT.replace("\"client_id\":\"cl_1\",", "")));
    assertThrows(
        IllegalArgumentException.class,
        () -> WebhookBody.parse("k", EVENT.replace("6f1c1c52", "zzzz")));
  }
}
