package dev.emporium.platform.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A 200 response ready to write: the body, its gzip form when the body is large enough to be
 * worth it (computed once, at load), and a strong ETag per representation.
 */
record CachedResponse(
        String contentType,
        byte[] body,
        byte @Nullable [] gzip,
        String etag,
        @Nullable String gzipEtag) {

    private static final byte FORMAT = 1;

    /** The one content type a cached response is stored and served with, whatever request filled it. */
    static final String JSON = "application/json";

    /** True for {@code application/json} with or without parameters; nothing else is cached. */
    static boolean isJson(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase(JSON);
    }

    static CachedResponse of(String contentType, byte[] body, int gzipMinBytes) {
        String hash = ETags.digest(body);
        byte @Nullable [] gzip = body.length > gzipMinBytes ? gzip(body) : null;
        return new CachedResponse(
                contentType, body, gzip, '"' + hash + '"', gzip == null ? null : "\"" + hash + "-gz\"");
    }

    /** True when the If-None-Match header names either representation (or is {@code *}). */
    boolean matches(String ifNoneMatch) {
        return ifNoneMatch.contains(etag.substring(1, etag.length() - 1))
                || ifNoneMatch.trim().equals("*");
    }

    /** The Redis form: large bodies travel and rest compressed (the gzip variant), small ones as they are. */
    static final ValueCodec<CachedResponse> CODEC = new ValueCodec<>() {
        @Override
        public byte[] encode(CachedResponse r) {
            byte[] type = r.contentType().getBytes(StandardCharsets.UTF_8);
            byte[] etag = r.etag().getBytes(StandardCharsets.US_ASCII);
            byte[] payload = r.gzip() != null ? r.gzip() : r.body();
            return ByteBuffer.allocate(2 + 2 + type.length + 2 + etag.length + payload.length)
                    .put(FORMAT)
                    .put((byte) (r.gzip() != null ? 1 : 0))
                    .putShort((short) type.length)
                    .put(type)
                    .putShort((short) etag.length)
                    .put(etag)
                    .put(payload)
                    .array();
        }

        @Override
        public long weigh(CachedResponse r) {
            return 96L
                    + r.body().length
                    + (r.gzip() == null ? 0 : r.gzip().length)
                    + 2L * (r.contentType().length() + r.etag().length() * 2L);
        }

        @Override
        public CachedResponse decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT) {
                throw new IllegalStateException("unknown cached response format");
            }
            boolean compressed = in.get() == 1;
            byte[] type = new byte[in.getShort()];
            in.get(type);
            byte[] etag = new byte[in.getShort()];
            in.get(etag);
            byte[] payload = new byte[in.remaining()];
            in.get(payload);
            String e = new String(etag, StandardCharsets.US_ASCII);
            byte[] body = compressed ? gunzip(payload) : payload;
            return new CachedResponse(
                    new String(type, StandardCharsets.UTF_8),
                    body,
                    compressed ? payload : null,
                    e,
                    compressed ? e.substring(0, e.length() - 1) + "-gz\"" : null);
        }
    };

    private static byte[] gzip(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] compressed) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
