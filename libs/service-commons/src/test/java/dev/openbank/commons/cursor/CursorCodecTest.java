package dev.openbank.commons.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.openbank.commons.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

  private final CursorCodec codec =
      new CursorCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @Test
  void roundTripsTheKeysetValues() {
    List<String> values = List.of("2026-01-01T00:00:00Z", "7f0c");
    String cursor = codec.encode("client-a|status=completed", values);
    assertEquals(values, codec.decode("client-a|status=completed", cursor, "pagination.after"));
  }

  @Test
  void rejectsACursorFromAnotherScope() {
    String cursor = codec.encode("client-a", List.of("x"));
    ProblemException e =
        assertThrows(
            ProblemException.class, () -> codec.decode("client-b", cursor, "pagination.after"));
    assertEquals(400, e.problem().status());
    assertEquals("pagination.after", e.problem().field());
    assertEquals("urn:openbank:problem:invalid_cursor", e.problem().type());
  }

  @Test
  void rejectsAnEditedBody() {
    String cursor = codec.encode("s", List.of("100"));
    String forged =
        Base64.getUrlEncoder().withoutPadding().encodeToString("[\"999\"]".getBytes())
            + cursor.substring(cursor.indexOf('.'));
    assertNotEquals(cursor, forged);
    assertThrows(ProblemException.class, () -> codec.decode("s", forged, "after"));
  }

  @Test
  void rejectsAnEditedTagAndGarbage() {
    String cursor = codec.encode("s", List.of("100"));
    char last = cursor.charAt(cursor.length() - 1);
    String edited = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');
    for (String bad : List.of(edited, "", ".", "abc", "a.b.c", "%%%.%%%", "x".repeat(5000))) {
      assertThrows(ProblemException.class, () -> codec.decode("s", bad, "after"), bad);
    }
  }

  @Test
  void aDifferentKeyCannotVerify() {
    CursorCodec other =
        new CursorCodec("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    String cursor = codec.encode("s", List.of("1"));
    assertThrows(ProblemException.class, () -> other.decode("s", cursor, "after"));
  }

  @Test
  void refusesShortKeys() {
    assertThrows(IllegalArgumentException.class, () -> new CursorCodec(new byte[16]));
  }
}
