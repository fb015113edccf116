package dev.openbank.registry.repository;

import dev.openbank.registry.domain.AisMethodsFilter;
import java.util.List;

/**
 * What a list request selects, beyond the caller's environment.
 *
 * @param codes null for any
 * @param aisFilter when not null, only providers with at least one matching AIS method
 * @param afterCode keyset position: providers with a greater code
 */
public record ProviderQuery(
    String environment,
    String country,
    List<String> codes,
    String status,
    AisMethodsFilter aisFilter,
    String afterCode,
    int limit) {}
