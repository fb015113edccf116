package dev.openbank.registry.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code options.ais_methods_filter} of seed 004 v2: every given criterion must match. */
@RegisterForReflection
public record AisMethodsFilter(
    @Size(max = 2)
        List<
                @NotNull
                @Pattern(regexp = "retail|corporate", message = "must be retail or corporate")
                String>
            accountOwnerType,
    @Pattern(regexp = Patterns.INTERFACE_TYPE, message = Patterns.INTERFACE_TYPE_MESSAGE)
        String interfaceType,
    @Pattern(regexp = Patterns.INTERFACE_ENV, message = Patterns.INTERFACE_ENV_MESSAGE)
        String interfaceEnv) {}
