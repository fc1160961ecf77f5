package dev.emporium.platform.cache;

/**
 * What the cache runs on, for the start-up summary and health: {@code "L1+L2 (redis://host:port)"}
 * or {@code "L1 only"}. Bean name {@code cacheMode}.
 */
public final class CacheMode {

    private final String redisUrl;

    CacheMode(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public boolean l2Configured() {
        return !redisUrl.isEmpty();
    }

    /** Short description without credentials. */
    public String describe() {
        return l2Configured() ? "L1+L2 (" + RedisTier.redact(redisUrl) + ")" : "L1 only";
    }

    @Override
    public String toString() {
        return describe();
    }
}
