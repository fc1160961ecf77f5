package dev.emporium.search;

import dev.emporium.platform.cache.ValueCodec;
import tools.jackson.databind.json.JsonMapper;

/** Cached search values travel to Redis as JSON: the records are the API's own response shapes. */
record JsonCodec<V>(JsonMapper json, Class<V> type) implements ValueCodec<V> {

    @Override
    public byte[] encode(V value) {
        return json.writeValueAsBytes(value);
    }

    @Override
    public V decode(byte[] bytes) {
        return json.readValue(bytes, type);
    }
}
