package dev.emporium.wallet;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.wallet.*}. Amounts are minor units of {@code currency}.
 *
 * @param currency the currency of new wallets and of the system accounts ensured at start-up
 * @param maxTransfer the largest single customer transfer
 * @param dailyLimit the most a customer may send per UTC day, all transfers together
 * @param verificationThreshold transfers above this need the sender's KYC status {@code VERIFIED}
 * @param idempotencyRetention how long a stored idempotency key replays (purged afterwards)
 * @param maxAttempts attempts of one money write when PostgreSQL reports a deadlock or serialization failure
 * @param sealInterval how often pending audit rows are sealed into the hash chain
 * @param revenueShards how many {@code ORDER_REVENUE} accounts per currency order payments are spread over
 *     (order id mod shards): the number of checkouts that can commit side by side without queueing for one
 *     revenue row; lowering it later leaves the higher shards in place (revenue is the sum of all of them)
 */
@Validated
@ConfigurationProperties("emporium.wallet")
record WalletProperties(
        @NotNull @Pattern(regexp = "[A-Z]{3}") @DefaultValue("EUR")
        String currency,

        @Positive @Max(Amounts.MAX) @DefaultValue("500000") long maxTransfer,
        @Positive @Max(Amounts.MAX) @DefaultValue("1000000") long dailyLimit,
        @PositiveOrZero @DefaultValue("100000") long verificationThreshold,
        @NotNull @DefaultValue("24h") Duration idempotencyRetention,
        @Min(1) @Max(20) @DefaultValue("5") int maxAttempts,
        @NotNull @DefaultValue("1s") Duration sealInterval,
        @Min(1) @Max(256) @DefaultValue("16") int revenueShards) {

    @AssertTrue(message = "max-transfer must not exceed daily-limit")
    boolean isTransferWithinDailyLimit() {
        return maxTransfer <= dailyLimit;
    }
}
