package dev.openbank.registry.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A way to pay through a provider, as API clients see it. The {@code connector} is read from
 * provider files only and never written out (seed 004 v2: {@code remitter_type} is an array).
 *
 * @param flowTypes which pay-by-link flows the method supports
 * @param domestic true when only domestic transfers are possible
 * @param fundsStatusUpdates true when the bank reports funds received or rejected after execution
 */
@RegisterForReflection
public record PaymentMethod(
    @NotBlank @Pattern(regexp = Patterns.ID, message = Patterns.ID_MESSAGE) String id,
    @NotBlank @Size(max = 200) String name,
    @NotEmpty
        List<
                @NotNull
                @Pattern(regexp = "retail|corporate", message = "must be retail or corporate")
                String>
            remitterType,
    @NotNull @Pattern(regexp = Patterns.INTERFACE_TYPE, message = Patterns.INTERFACE_TYPE_MESSAGE)
        String interfaceType,
    @NotNull @Pattern(regexp = Patterns.INTERFACE_ENV, message = Patterns.INTERFACE_ENV_MESSAGE)
        String interfaceEnv,
    @NotEmpty
        List<
                @NotNull @Pattern(regexp = Patterns.FLOW_TYPE, message = Patterns.FLOW_TYPE_MESSAGE)
                String>
            flowTypes,
    @NotEmpty
        List<@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String>
            currencies,
    @NotNull Boolean domestic,
    @Valid Limits limits,
    Boolean fundsStatusUpdates,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) @NotNull @Valid Connector connector) {}
