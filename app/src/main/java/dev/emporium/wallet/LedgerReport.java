package dev.emporium.wallet;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The verification report: the audit chain and the ledger invariants, each with its first break.
 *
 * @param ok true when nothing below is broken
 * @param sealedAuditRows audit rows in the hash chain
 * @param unsealedAuditRows audit rows written but not yet sealed (the last second or so)
 * @param firstChainBreak the first chain row whose sequence, link or hash is wrong; null when intact
 * @param firstBalanceMismatch the first account whose balance is not the sum of its entries; null when none
 * @param firstUnbalancedTransfer the first transfer whose entries do not sum to zero (or are not two); null when none
 * @param firstOrphanEntry the first entry whose transfer or account does not exist; null when none
 * @param entriesTotal sum of all entries, always 0 in a sound ledger
 * @param negativeBalances accounts below zero that may not be
 */
@Schema(description = "Audit chain and ledger verification")
public record LedgerReport(
        boolean ok,
        @Schema(format = "int64") long sealedAuditRows,
        @Schema(format = "int64") long unsealedAuditRows,
        @Schema(nullable = true) @Nullable ChainBreak firstChainBreak,
        @Schema(nullable = true) @Nullable BalanceMismatch firstBalanceMismatch,
        @Schema(format = "int64", nullable = true) @Nullable Long firstUnbalancedTransfer,

        @Schema(
                format = "int64",
                nullable = true,
                description = "The first entry whose transfer or account does not exist; null when none")
        @Nullable
        Long firstOrphanEntry,

        @Schema(format = "int64") long entriesTotal,
        @Schema(format = "int64") long accounts,
        @Schema(format = "int64") long transfers,
        @Schema(format = "int64") long negativeBalances) {

    @Schema(description = "Where the audit chain breaks")
    public record ChainBreak(
            @Schema(format = "int64") long seq,
            @Schema(format = "int64") long auditId,
            String reason) {}

    @Schema(description = "An account whose stored balance is not the sum of its entries")
    public record BalanceMismatch(
            @Schema(format = "int64") long accountId,
            @Schema(format = "int64") long balance,
            @Schema(format = "int64") long sumOfEntries) {}
}
