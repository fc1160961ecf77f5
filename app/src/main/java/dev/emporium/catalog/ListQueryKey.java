package dev.emporium.catalog;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The canonical cache key of a product list request, built from parsed and validated parameters,
 * never from the raw query string: reordered parameters, different spellings of one value
 * ({@code limit=050}, {@code brand=a+b} vs {@code brand=a%20b}) and parameters the API does not read
 * all map to one key, so a client cannot mint new entries by varying the URL.
 *
 * <p>Which shapes are worth caching: first pages and shallow offsets of up to {@link #MAX_CACHED_LIMIT}
 * items. A page of 500 items or an offset beyond {@link #MAX_CACHED_OFFSET} is served (uncached, the
 * response says {@code BYPASS}); it is rarely asked twice and would cost ~200 KB per entry. Cursor pages
 * are cached: the cursors a client follows are the ones earlier pages handed out, so they repeat.
 *
 * <p>A request that the controller would reject (a duplicate parameter, a value that does not
 * parse, an empty value) is not cached at all, so the controller answers it with its 400.
 */
final class ListQueryKey {

    static final int MAX_CACHED_LIMIT = 100;
    static final int MAX_CACHED_OFFSET = 500;
    private static final int MAX_TEXT = 200;

    /** Every parameter each list route reads, in key order; anything else is ignored by the API and the key. */
    static final List<String> PRODUCTS =
            List.of("category", "brand", "minPrice", "maxPrice", "sort", "limit", "offset", "cursor");

    static final List<String> POPULAR = List.of("category", "limit");

    /**
     * @param key canonical key, or null when the request's shape is not cached
     * @param category the category filter, or null
     */
    record Parsed(String key, @Nullable Long category) {}

    private ListQueryKey() {}

    /** The parsed request, or null when it must pass through uncached (invalid, duplicate or too expensive to keep). */
    static @Nullable Parsed parse(String path, @Nullable String query, List<String> known) {
        Map<String, String> values = new TreeMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
                if (name == null || value == null) {
                    return null;
                }
                if (!known.contains(name)) {
                    continue;
                }
                if (values.put(name, value) != null || value.isEmpty()) {
                    return null;
                }
            }
        }
        StringBuilder key = new StringBuilder(path);
        char separator = '?';
        Long category = null;
        for (String name : known) {
            String raw = values.get(name);
            if (raw == null) {
                continue;
            }
            String canonical = canonical(name, raw);
            if (canonical == null) {
                return null;
            }
            if (canonical.isEmpty()) {
                continue;
            }
            if (name.equals("category")) {
                category = Long.parseLong(canonical);
            }
            key.append(separator).append(name).append('=').append(URLEncoder.encode(canonical, StandardCharsets.UTF_8));
            separator = '&';
        }
        return new Parsed(key.toString(), category);
    }

    /** The value as the key spells it; empty for "the default, leave it out"; null for "do not cache". */
    private static @Nullable String canonical(String name, String raw) {
        return switch (name) {
            case "category", "minPrice", "maxPrice" -> number(raw, 0, Long.MAX_VALUE);
            case "limit" -> number(raw, 1, MAX_CACHED_LIMIT);
            case "offset" -> {
                String n = number(raw, 0, MAX_CACHED_OFFSET);
                yield n == null ? null : n.equals("0") ? "" : n;
            }
            case "sort" ->
                switch (raw) {
                    case "popularity" -> "";
                    case "price_asc", "price_desc", "newest" -> raw;
                    default -> null;
                };
            case "brand" -> raw.isBlank() || raw.length() > 100 ? null : raw;
            case "cursor" -> raw.length() > MAX_TEXT ? null : raw;
            default -> null;
        };
    }

    private static @Nullable String number(String raw, long min, long max) {
        if (raw.length() > 18) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            if (!Character.isDigit(raw.charAt(i)) || raw.charAt(i) > '9') {
                return null;
            }
        }
        long n = Long.parseLong(raw);
        return n < min || n > max ? null : Long.toString(n);
    }

    private static @Nullable String decode(String s) {
        if (s.length() > MAX_TEXT) {
            return null;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
