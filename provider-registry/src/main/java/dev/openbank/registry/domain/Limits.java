package dev.openbank.registry.domain;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;

/**
 * Amount limits of a payment method, in the payment's currency; either may be absent. Money is a
 * decimal string on the wire, like every amount of the API.
 */
@RegisterForReflection
public record Limits(
    @JsonFormat(shape = JsonFormat.Shape.STRING)
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        BigDecimal minAmount,
    @JsonFormat(shape = JsonFormat.Shape.STRING)
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        BigDecimal maxAmount) {}
