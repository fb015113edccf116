package dev.openbank.commons.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaVersionTest {

  @Test
  void versionsCompareAsFlywayOrdersThem() {
    assertTrue(SchemaVersion.parse("2.10").compareTo(SchemaVersion.parse("2.9")) > 0);
    assertTrue(SchemaVersion.parse("0.1").compareTo(SchemaVersion.parse("1")) < 0);
    assertTrue(SchemaVersion.parse("10").compareTo(SchemaVersion.parse("9")) > 0);
    assertEquals(SchemaVersion.parse("1"), SchemaVersion.parse("1.0"));
    assertEquals(SchemaVersion.parse("1").hashCode(), SchemaVersion.parse("1.0").hashCode());
    assertEquals("4", SchemaVersion.highest(List.of("0.1", "1", "4", "2", "3")).get().toString());
    assertTrue(SchemaVersion.highest(List.of()).isEmpty());
  }

  @Test
  void onlyDotSeparatedWholeNumbersAreVersions() {
    for (String bad : new String[] {"", "v1", "1.", "1..2", "1_1", "-1", " 1"}) {
      assertThrows(IllegalArgumentException.class, () -> SchemaVersion.parse(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> SchemaVersion.parse(null));
  }

  @Test
  void aServiceRunsOnItsVersionOrANewerOneAndNamesTheFixOtherwise() {
    SchemaVersionCheck check = new SchemaVersionCheck(null, "pis", "4");
    assertNull(check.problem(Optional.of(SchemaVersion.parse("4"))));
    assertNull(check.problem(Optional.of(SchemaVersion.parse("5"))), "a rolling upgrade");
    String behind = check.problem(Optional.of(SchemaVersion.parse("3")));
    assertTrue(behind.contains("schema pis is at version 3, this build needs 4"), behind);
    assertTrue(behind.contains("migrations"), behind);
    String never = check.problem(Optional.empty());
    assertTrue(never.contains("schema pis has not been migrated"), never);
  }
}
