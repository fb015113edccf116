package dev.openbank.registry.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A provider file: the whole list an operator imports (YAML or JSON). */
@RegisterForReflection
public record ProviderFile(@NotEmpty @Size(max = 1000) List<@NotNull @Valid Provider> providers) {}
