package dev.openbank.ais.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Amounts on the wire: at least two decimals, no trailing zeros past them, never a sign lost. */
class MoneyTest {

  @Test
  void amountsKeepTwoDecimalsAndDropOnlyZerosPastThem() {
    assertEquals("12.50", AccountDataRepository.money(new BigDecimal("12.500")));
    assertEquals("12.25", AccountDataRepository.money(new BigDecimal("12.250")));
    assertEquals("12.345", AccountDataRepository.money(new BigDecimal("12.345")));
    assertEquals("7.00", AccountDataRepository.money(new BigDecimal("7")));
    assertEquals("7.00", AccountDataRepository.money(new BigDecimal("7.000")));
    assertEquals("7.10", AccountDataRepository.money(new BigDecimal("7.1")));
    assertEquals("-1840.00", AccountDataRepository.money(new BigDecimal("-1840.000")));
    assertEquals("0.00", AccountDataRepository.money(new BigDecimal("0.000")));
    assertEquals("100000000000000.00", AccountDataRepository.money(new BigDecimal("1E+14")));
  }
}
