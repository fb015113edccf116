package dev.openbank.sandbox.domain;

/** An account with where it lives: its bank, its owner and its stable resource id. */
public record AccountRef(String resourceId, Seed.Aspsp aspsp, Seed.Psu psu, Seed.Account account) {}
