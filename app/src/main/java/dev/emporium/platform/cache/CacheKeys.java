package dev.emporium.platform.cache;

import org.springframework.modulith.NamedInterface;

/**
 * Every cache key, tag, Redis key and channel name is spelled here and nowhere else, so a tenant or
 * format-version prefix is a change to this class alone.
 *
 * <p>Redis layout ({@code N} = namespace, {@code C} = cache name, {@code T} = tag):
 * <pre>
 *   N:v1:gen:C            cache-wide generation (bumped by invalidateAll)
 *   N:v1:gen:C:T          tag generation (bumped by invalidate(tag))
 *   N:v1:e:C:T:{cg}:{tg}:K  an entry, readable only while both generations are current
 *   N:v1:invalidations    pub/sub channel telling other nodes to drop L1 entries
 *   N:v1:revoked-sessions sorted set of revoked session ids, scored by when their last access token expires
 *   N:v1:revocations      pub/sub channel pushing new revocations to the other nodes
 * </pre>
 */
@NamedInterface("cache")
public final class CacheKeys {

    /** Tag of list entries that no narrower tag describes; every product change invalidates it. */
    public static final String ALL = "all";

    private final String prefix;

    CacheKeys(String namespace) {
        this.prefix = namespace + ":v1:";
    }

    /** The keys of one namespace ({@code emporium.cache.namespace}), for Redis users outside the cache. */
    public static CacheKeys forNamespace(String namespace) {
        return new CacheKeys(namespace);
    }

    /** The sorted set of revoked session ids (see {@code platform.security.SessionRevocations}). */
    public String revokedSessions() {
        return prefix + "revoked-sessions";
    }

    /** The channel on which a node announces the sessions it revoked. */
    public String revocationChannel() {
        return prefix + "revocations";
    }

    /** A product's own tag (its detail entry). */
    public static String product(long id) {
        return "product:" + id;
    }

    /** The tag of lists filtered by a category (which include its descendants). */
    public static String category(long id) {
        return "category:" + id;
    }

    /** A customer's wallet balance (tagged by owner, the key the balance read knows). */
    public static String wallet(long ownerId) {
        return "wallet:" + ownerId;
    }

    /** A customer's verification (KYC) status. */
    public static String verification(long userId) {
        return "verification:" + userId;
    }

    L1Key l1(String tag, long generation, String key) {
        return new L1Key(tag, generation, key);
    }

    String cacheGeneration(String cache) {
        return prefix + "gen:" + cache;
    }

    String tagGeneration(String cache, String tag) {
        return prefix + "gen:" + cache + ':' + tag;
    }

    /** The entry key without its generations; the Lua script appends {@code cg:tg:key}. */
    String entryStem(String cache, String tag) {
        return prefix + "e:" + cache + ':' + tag + ':';
    }

    String entry(String cache, String tag, String cacheGen, String tagGen, String key) {
        return entryStem(cache, tag) + cacheGen + ':' + tagGen + ':' + key;
    }

    String channel() {
        return prefix + "invalidations";
    }

    /** An L1 key; {@code generation} is the node-local generation of the tag when the entry was looked up. */
    record L1Key(String tag, long generation, String key) {}
}
