package dev.emporium.platform.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invalidations owed to Redis, kept where every node can see them and a restart cannot lose them.
 *
 * <p>A debt names a whole cache, not a tag: it is settled by moving the cache's generation in
 * Redis, which makes everything stored before the settlement unreachable, whatever tags the lost
 * invalidations named. {@code since} grows with every new debt of the same cache, and {@link
 * #settle} removes a debt only if it is still the one that was read, so a debt recorded while
 * another node was settling is never dropped.
 */
interface InvalidationDebts {

    /** Records (or renews) the debt of a cache. */
    void record(String cache);

    /** Every outstanding debt: cache name → its {@code since} marker. */
    Map<String, Long> owed();

    /** Removes the debt if it is still the one read as {@code since}; answers whether it did. */
    boolean settle(String cache, long since);

    /** For a single JVM (unit tests): nodes created with the same instance share their debts. */
    static InvalidationDebts inMemory() {
        return new InvalidationDebts() {
            private final Map<String, Long> debts = new ConcurrentHashMap<>();
            private final AtomicLong sequence = new AtomicLong();

            @Override
            public void record(String cache) {
                debts.put(cache, sequence.incrementAndGet());
            }

            @Override
            public Map<String, Long> owed() {
                return Map.copyOf(debts);
            }

            @Override
            public boolean settle(String cache, long since) {
                return debts.remove(cache, since);
            }
        };
    }
}
