package dev.openbank.ais.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.openbank.ais.domain.AccountData.Transaction;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written transaction serializer writes exactly what the bean serializer would. */
class TransactionJsonTest {

  /** The services' JSON settings (service-commons' microprofile-config.properties). */
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** The same, with the bean serializer instead of {@link TransactionJson}. */
  private static final ObjectMapper BEANS =
      MAPPER.copy().addMixIn(Transaction.class, BeanSerialized.class);

  @JsonSerialize(using = JsonSerializer.None.class)
  private abstract static class BeanSerialized {}

  static List<Transaction> transactions() {
    UUID account = UUID.fromString("00000000-0000-0000-0000-000000000001");
    LocalDate day = LocalDate.of(2026, 11, 1);
    return List.of(
        new Transaction(
            "t-1",
            account,
            "booked",
            day,
            day.plusDays(1),
            "12.50",
            "RON",
            "DBIT",
            "Mega Image \"Ploiești\"",
            "Order 1234\nline two",
            "E2E-1",
            "PMNT-CCRD-POSD",
            day,
            7),
        new Transaction(
            "h:abc", account, "pending", null, null, "0.01", "EUR", "CRDT", null, null, null, null,
            day, 8));
  }

  @ParameterizedTest
  @MethodSource("transactions")
  void writesWhatTheBeanSerializerWrites(Transaction t) throws Exception {
    String expected = BEANS.writeValueAsString(t);
    assertTrue(expected.contains("\"transaction_id\""), expected);
    assertEquals(expected, MAPPER.writeValueAsString(t));
    assertEquals(BEANS.writeValueAsString(List.of(t, t)), MAPPER.writeValueAsString(List.of(t, t)));
  }
}
