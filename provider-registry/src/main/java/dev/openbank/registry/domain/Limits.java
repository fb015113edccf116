package dev.openbank.registry.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;

/** Amount limits of a payment method, in the payment's currency; either may be absent. */
@RegisterForReflection
public record Limits(
    @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        BigDecimal minAmount,
    @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        BigDecimal maxAmount) {}
