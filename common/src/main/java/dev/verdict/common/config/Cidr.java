package dev.verdict.common.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range in CIDR notation, {@code 10.0.0.0/8} or {@code fe80::/10}; a bare address is a
 * range of one.
 */
public record Cidr(BigInteger network, int prefix, int bits) {

  /**
   * @throws ConfigException naming {@code key} when {@code text} is not a range
   */
  public static Cidr parse(String key, String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    // why: only literal addresses; a host name here would be looked up while reading the
    // configuration.
    if (!address.matches("[0-9a-fA-F:.]+") || address.isEmpty()) {
      throw new ConfigException(key + " must hold address ranges such as 10.0.0.0/8, was " + text);
    }
    InetAddress parsed;
    try {
      parsed = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new ConfigException(key + " must hold address ranges such as 10.0.0.0/8, was " + text);
    }
    int bits = parsed.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": the prefix of " + text + " must be a number");
    }
    if (prefix < 0 || prefix > bits) {
      throw new ConfigException(key + ": the prefix of " + text + " must be 0.." + bits);
    }
    return new Cidr(masked(new BigInteger(1, parsed.getAddress()), prefix, bits), prefix, bits);
  }

  /** Whether {@code address} lies in this range (an IPv4 address is never in an IPv6 range). */
  public boolean contains(InetAddress address) {
    byte[] raw = address.getAddress();
    if (raw.length * 8 != bits) {
      return false;
    }
    return masked(new BigInteger(1, raw), prefix, bits).equals(network);
  }

  private static BigInteger masked(BigInteger value, int prefix, int bits) {
    return value.shiftRight(bits - prefix);
  }
}
