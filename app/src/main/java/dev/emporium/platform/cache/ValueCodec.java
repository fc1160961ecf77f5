package dev.emporium.platform.cache;

/** How a cached value travels to and from Redis; a codec may compress. */
public interface ValueCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);
}
