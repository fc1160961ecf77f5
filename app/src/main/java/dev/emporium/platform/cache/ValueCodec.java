package dev.emporium.platform.cache;

import org.springframework.modulith.NamedInterface;

/** How a cached value travels to and from Redis; a codec may compress. */
@NamedInterface("cache")
public interface ValueCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);

    /** Approximate bytes the value holds on the heap; L1 is bounded by the sum. */
    default long weigh(V value) {
        return 64;
    }
}
