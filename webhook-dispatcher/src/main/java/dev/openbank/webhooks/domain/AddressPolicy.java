package dev.openbank.webhooks.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF rule for webhook targets: an address must be public unless an operator allow-list
 * (CIDRs) names it. Loopback, private (RFC 1918, IPv6 ULA), link-local (cloud metadata
 * 169.254.169.254 included), carrier-grade NAT, unspecified and multicast addresses are refused.
 */
public final class AddressPolicy {

  private final List<Cidr> allowed;

  public AddressPolicy(List<String> allowedCidrs) {
    this.allowed = allowedCidrs.stream().map(Cidr::parse).toList();
  }

  /** Special-purpose blocks (RFC 6890) that are not on the public internet. */
  private static final List<Cidr> RESERVED =
      java.util.stream.Stream.of(
              "0.0.0.0/8",
              "192.0.0.0/24",
              "192.0.2.0/24",
              "198.18.0.0/15",
              "198.51.100.0/24",
              "203.0.113.0/24",
              "240.0.0.0/4",
              "100::/64",
              "2001:db8::/32",
              "64:ff9b:1::/48")
          .map(Cidr::parse)
          .toList();

  /**
   * Why the address is refused ("loopback address", "private address", ...), or null if a webhook
   * may be sent to it. IPv4 addresses embedded in NAT64 ({@code 64:ff9b::/96}) and 6to4 ({@code
   * 2002::/16}) addresses are judged as themselves.
   */
  public String refusal(InetAddress address) {
    if (allowed.stream().anyMatch(c -> c.contains(address))) {
      return null;
    }
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != null) {
      return refusal(embedded);
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified address";
    }
    if (address.isLoopbackAddress()) {
      return "loopback address";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local address";
    }
    if (address.isSiteLocalAddress() || isUniqueLocal(address) || isCarrierGradeNat(address)) {
      return "private address";
    }
    if (address.isMulticastAddress()) {
      return "multicast address";
    }
    if (RESERVED.stream().anyMatch(c -> c.contains(address))
        || (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress())) {
      return "reserved address";
    }
    return null;
  }

  private static InetAddress embeddedIpv4(InetAddress a) {
    byte[] b = a.getAddress();
    if (!(a instanceof Inet6Address)) {
      return null;
    }
    try {
      boolean nat64 =
          (b[0] & 0xff) == 0x00
              && (b[1] & 0xff) == 0x64
              && (b[2] & 0xff) == 0xff
              && (b[3] & 0xff) == 0x9b
              && java.util.stream.IntStream.range(4, 12).allMatch(i -> b[i] == 0);
      if (nat64) {
        return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 2, 6));
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return null;
  }

  private static boolean isUniqueLocal(InetAddress a) {
    return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc; // fc00::/7
  }

  private static boolean isCarrierGradeNat(InetAddress a) {
    byte[] b = a.getAddress();
    return a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64/10
  }

  /** An address block such as {@code 127.0.0.1/32} or {@code ::1/128}. */
  record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
      String[] parts = text.trim().split("/");
      try {
        byte[] net = InetAddress.getByName(parts[0]).getAddress();
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : net.length * 8;
        if (prefix < 0 || prefix > net.length * 8 || !parts[0].matches("[0-9a-fA-F:.]+")) {
          throw new IllegalArgumentException("bad CIDR " + text);
        }
        return new Cidr(net, prefix);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("bad CIDR " + text, e);
      }
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest);
      return (a[full] & mask) == (network[full] & mask);
    }
  }
}
