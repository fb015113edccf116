package dev.openbank.pis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.openbank.pis.repository.LinkRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where the debtor is sent back to: the client's redirect URL with the link's id and status. */
class ContinueUrlTest {

  private static final UUID ID = UUID.fromString("5b6e2f1a-8c3d-4e7f-9a0b-1c2d3e4f5a6b");

  private static LinkRow link(String redirectUrl) {
    Instant now = Instant.now();
    return new LinkRow(
        ID,
        "AAAAAAAAAAAA",
        "c",
        "completed",
        BigDecimal.ONE,
        "1",
        "RON",
        "n",
        "i",
        null,
        "[]",
        "link",
        null,
        null,
        redirectUrl,
        null,
        null,
        now,
        now,
        now,
        "sandbox",
        null);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://shop.example/done|https://shop.example/done?link_id="
            + "5b6e2f1a-8c3d-4e7f-9a0b-1c2d3e4f5a6b&status=completed",
        "https://shop.example/done?order=1|https://shop.example/done?order=1&link_id=5b6e2f1a-8c3d-4e7f-9a0b-1c2d3e4f5a6b&status=completed",
        "https://shop.example/done#top|https://shop.example/done?link_id=5b6e2f1a-8c3d-4e7f-9a0b-1c2d3e4f5a6b&status=completed#top",
        "https://shop.example/?a=b#x?y|https://shop.example/?a=b&link_id=5b6e2f1a-8c3d-4e7f-9a0b-1c2d3e4f5a6b&status=completed#x?y",
        "myshop://paid|myshop://paid?link_id=5b6e2f1a-8c3d-4e7f-9a0b-1c2d3e4f5a6b&status=completed"
      })
  void theLinkIdAndStatusGoIntoTheQueryBeforeAnyFragment(String redirect, String expected) {
    assertEquals(expected, PayResource.continueUrl(link(redirect)));
  }

  @Test
  void noRedirectUrlNoContinue() {
    assertNull(PayResource.continueUrl(link(null)));
  }
}
