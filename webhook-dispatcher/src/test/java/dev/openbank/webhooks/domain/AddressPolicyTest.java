package dev.openbank.webhooks.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  private final AddressPolicy strict = new AddressPolicy(List.of());

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback address",
    "127.8.9.10, loopback address",
    "::1, loopback address",
    "10.1.2.3, private address",
    "172.16.0.1, private address",
    "192.168.1.1, private address",
    "100.64.0.1, private address",
    "fd00::1, private address",
    "169.254.169.254, link-local address",
    "fe80::1, link-local address",
    "0.0.0.0, unspecified address",
    "224.0.0.1, multicast address",
    "0.1.2.3, reserved address",
    "198.18.0.1, reserved address",
    "240.0.0.1, reserved address",
    "255.255.255.255, reserved address",
    "192.0.0.8, reserved address",
    "64:ff9b::7f00:1, loopback address",
    "64:ff9b::a9fe:a9fe, link-local address",
    "2002:a00:1::1, private address",
    "::ffff:10.0.0.1, private address"
  })
  void internalAddressesAreRefused(String ip, String why) throws Exception {
    assertEquals(why, strict.refusal(InetAddress.getByName(ip)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888"})
  void publicAddressesPass(String ip) throws Exception {
    assertNull(strict.refusal(InetAddress.getByName(ip)));
  }

  @Test
  void theAllowListOpensExactlyItsBlocks() throws Exception {
    AddressPolicy local = new AddressPolicy(List.of("127.0.0.2/32", "10.20.0.0/16"));
    assertNull(local.refusal(InetAddress.getByName("127.0.0.2")));
    assertEquals("loopback address", local.refusal(InetAddress.getByName("127.0.0.1")));
    assertNull(local.refusal(InetAddress.getByName("10.20.255.1")));
    assertEquals("private address", local.refusal(InetAddress.getByName("10.21.0.1")));
    assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("example.com/8")));
    assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("10.0.0.0/33")));
  }
}
