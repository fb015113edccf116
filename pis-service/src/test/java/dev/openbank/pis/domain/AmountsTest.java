package dev.openbank.pis.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmountsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        // valid
        "0.50|EUR|0.50",
        "0.01|EUR|0.01",
        "0.5|EUR|0.5",
        "1|EUR|1",
        "100|EUR|100",
        "100.5|EUR|100.5",
        "100.50|EUR|100.50",
        "100.|EUR|invalid",
        "1234567890123|RON|1234567890123",
        "1234567890123.99|RON|1234567890123.99",
        "999|JPY|999",
        "10.125|BHD|10.125",
        "10.12|BHD|10.12",
        "7|RON|7",
        "0.99|USD|0.99",
        // leading zeros, signs, exponents, separators, spaces
        "01.5|EUR|invalid",
        "00.50|EUR|invalid",
        "007|EUR|invalid",
        "-1|EUR|invalid",
        "+1|EUR|invalid",
        "1e3|EUR|invalid",
        "1E3|EUR|invalid",
        "1,000.00|EUR|invalid",
        "1.000,00|EUR|invalid",
        "1 000|EUR|invalid",
        "' 1'|EUR|invalid",
        "'1 '|EUR|invalid",
        "1_000|EUR|invalid",
        ".5|EUR|invalid",
        "1..5|EUR|invalid",
        "1.2.3|EUR|invalid",
        "0x10|EUR|invalid",
        "NaN|EUR|invalid",
        "Infinity|EUR|invalid",
        "١٢|EUR|invalid",
        "１２|EUR|invalid",
        "''|EUR|invalid",
        // zero and precision
        "0|EUR|invalid",
        "0.00|EUR|invalid",
        "0.0|EUR|invalid",
        "1.000|EUR|invalid",
        "1.001|EUR|invalid",
        "1.5|JPY|invalid",
        "10.1234|BHD|invalid",
        // oversized and unknown currencies
        "12345678901234|EUR|invalid",
        "99999999999999999999|EUR|invalid",
        "10|XXX|invalid",
        "10|ZZZ|invalid",
        "10|eur|invalid"
      })
  void everyStringHasItsExactOutcome(String amount, String currency, String expected) {
    Amounts.Parsed parsed = Amounts.parse(amount, currency);
    if (expected.equals("invalid")) {
      assertInstanceOf(Amounts.Invalid.class, parsed, amount + " " + currency);
    } else {
      Amounts.Valid valid = assertInstanceOf(Amounts.Valid.class, parsed, amount + " " + currency);
      assertEquals(new BigDecimal(expected), valid.value());
      assertEquals(
          new BigDecimal(expected).scale(), valid.value().scale(), "scale kept as written");
    }
  }
}
