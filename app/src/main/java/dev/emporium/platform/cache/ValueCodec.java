package dev.emporium.platform.cache;

import org.springframework.modulith.NamedInterface;

/** How a cached value travels to and from Redis; a codec may compress. */
@NamedInterface("cache")
public interface ValueCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);
}
