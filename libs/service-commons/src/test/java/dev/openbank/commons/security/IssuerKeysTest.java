package dev.openbank.commons.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IssuerKeysTest {

  @Test
  void urlsUnderTheIssuerAreFetchedWhereAuthServiceIsReached() {
    IssuerKeys keys =
        new IssuerKeys("https://auth.openbank.example/", "http://auth-service:8081", 60);
    assertEquals(
        "http://auth-service:8081/.well-known/jwks.json",
        keys.reachable("https://auth.openbank.example/.well-known/jwks.json"));
  }

  @Test
  void otherUrlsAndTheIssuerItselfAreLeftAlone() {
    IssuerKeys keys = new IssuerKeys("https://auth.openbank.example", "http://auth-service", 60);
    assertEquals(
        "https://keys.example/jwks.json", keys.reachable("https://keys.example/jwks.json"));
    // a host that merely starts with the issuer's is not under it
    assertEquals(
        "https://auth.openbank.example.evil/jwks",
        keys.reachable("https://auth.openbank.example.evil/jwks"));
    IssuerKeys same = new IssuerKeys("http://localhost:8081", "http://localhost:8081", 60);
    assertEquals(
        "http://localhost:8081/.well-known/jwks.json",
        same.reachable("http://localhost:8081/.well-known/jwks.json"));
  }
}
