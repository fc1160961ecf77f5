package dev.emporium.wallet;

import dev.emporium.platform.web.ApiException;
import java.math.BigDecimal;

/**
 * Amounts arrive as JSON numbers in minor units. They are bound as {@link BigDecimal} so that a
 * fraction ({@code 10.5}) is rejected with 400 instead of being truncated by a lenient number
 * coercion, and converted exactly.
 */
final class Amounts {

    /** 10^15 minor units: far above any limit, far below where sums of balances could overflow a bigint. */
    static final long MAX = 1_000_000_000_000_000L;

    private Amounts() {}

    static long minorUnits(String field, BigDecimal amount) {
        if (amount == null) {
            throw ApiException.badRequest(field, "must not be null");
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > 0) {
            throw ApiException.badRequest(field, "must be a whole number of minor units");
        }
        if (stripped.signum() <= 0) {
            throw ApiException.badRequest(field, "must be greater than 0");
        }
        if (stripped.compareTo(BigDecimal.valueOf(MAX)) > 0) {
            throw ApiException.badRequest(field, "must be at most " + MAX);
        }
        return stripped.longValueExact();
    }
}
