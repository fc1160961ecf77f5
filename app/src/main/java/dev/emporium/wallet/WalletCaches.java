package dev.emporium.wallet;

import dev.emporium.platform.cache.CacheKeys;
import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.cache.TieredCaches;
import dev.emporium.platform.cache.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The wallet's two caches in {@link TieredCaches}: balances ({@code wallet-balances}, tagged
 * {@code wallet:OWNER}) and verification statuses ({@code wallet-verifications}, tagged
 * {@code verification:USER}). Each entry has a tag of its own, so a write invalidates exactly the
 * customers it touched.
 *
 * <p>Never stale after a write: a money write registers the invalidation of both parties' tags to
 * run after its transaction commits, on the writer's thread, before the HTTP response is written.
 * A reader that loaded the old balance before the commit files it under the old generation, which
 * the invalidation has made unreachable (the fill-vs-invalidate rule of {@link TieredCache}); other
 * nodes drop theirs when the pub/sub message arrives.
 */
@Component
class WalletCaches {

    static final String BALANCES = "wallet-balances";
    static final String VERIFICATIONS = "wallet-verifications";
    private static final String KEY = "v";

    private final TieredCache<Wallet> balances;
    private final TieredCache<VerificationStatus> verifications;

    WalletCaches(TieredCaches caches) {
        this.balances = caches.cache(BALANCES, new WalletCodec());
        this.verifications = caches.cache(VERIFICATIONS, new StatusCodec());
    }

    TieredCache.Lookup<Wallet> balance(long ownerId, TieredCache.Loader<Wallet> loader) {
        return balances.get(CacheKeys.wallet(ownerId), KEY, loader);
    }

    VerificationStatus verification(long userId, TieredCache.Loader<VerificationStatus> loader) {
        return java.util.Objects.requireNonNull(
                verifications.get(CacheKeys.verification(userId), KEY, loader).value(),
                "the loader always answers a status");
    }

    /** Invalidates these owners' balances when the current transaction commits (at once without one). */
    void balancesChangedOnCommit(Collection<Long> ownerIds) {
        List<Long> owners = ownerIds.stream().distinct().toList();
        afterCommit(() -> owners.forEach(id -> balances.invalidate(CacheKeys.wallet(id))));
    }

    void verificationChangedOnCommit(long userId) {
        afterCommit(() -> verifications.invalidate(CacheKeys.verification(userId)));
    }

    /** After a bulk load nothing cached about wallets holds. */
    void invalidateAll() {
        balances.invalidateAll();
        verifications.invalidateAll();
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** {@code accountId:balance:currency}: three fields, no JSON machinery on the hot path. */
    private static final class WalletCodec implements ValueCodec<Wallet> {
        @Override
        public byte[] encode(Wallet w) {
            return (w.accountId() + ":" + w.balance() + ":" + w.currency()).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Wallet decode(byte[] bytes) {
            String[] parts = new String(bytes, StandardCharsets.US_ASCII).split(":", 3);
            return new Wallet(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
        }
    }

    private static final class StatusCodec implements ValueCodec<VerificationStatus> {
        @Override
        public byte[] encode(VerificationStatus status) {
            return status.name().getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public VerificationStatus decode(byte[] bytes) {
            return VerificationStatus.valueOf(new String(bytes, StandardCharsets.US_ASCII));
        }
    }
}
