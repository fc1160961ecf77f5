package dev.emporium.search;

import dev.emporium.catalog.CatalogReplaced;
import dev.emporium.catalog.ProductChanged;
import dev.emporium.platform.cache.CacheKeys;
import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.cache.TieredCaches;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search's tiered caches and their invalidation.
 *
 * <h2>Result tags</h2>
 * A cached result set carries one tag, {@code w:XY}: the first two characters of the query's longest
 * word that is not an English stop word. A plain query (words, phrases; no {@code or}, no
 * {@code -word}) matches only products holding a lexeme equal to that word's stem, and English
 * stemming rewrites suffixes only, so such a product has a word starting with the same two
 * characters ({@code dying/lying/tying} are mapped to their stems' spelling on both sides). A product
 * change therefore invalidates {@code w:XY} for the first two characters of every word of its name,
 * brand and description, plus {@code all}, the tag of every other query (with {@code or} or
 * {@code -word}, or only stop words). Results after a spelling correction are cached under the
 * corrected text, so their tag follows the words actually searched.
 *
 * <h2>Bounds</h2>
 * A price, activity or category change reaches every cached result that shows the product as
 * soon as the write commits. A change of stock alone ({@code listsAffected = false}: every order
 * placed or cancelled) invalidates nothing here: stock in a cached result is a hint at most the
 * cache's TTL old, as in the catalog's lists (ADR 0011), so order traffic cannot flush search results
 * or touch the lexicon. Nothing sells from a search result; an order takes stock conditionally. A
 * rename invalidates the new name's words; a cached result that matched
 * only the old name ages out within the {@code search} cache's TTL (L1 30 s, L2 2 min by default).
 * Suggestions and spelling corrections come from the term lexicon: a rebuild (after a bulk load)
 * drops them at once; words added by single product writes appear within their TTL.
 */
@Component
class SearchCaches {

    private static final Logger log = LoggerFactory.getLogger(SearchCaches.class);

    static final String RESULTS = "search";
    static final String CORRECTIONS = "search-corrections";
    static final String SUGGESTIONS = "search-suggest";
    static final String POPULAR = "search-popular";
    static final String LEXICON = "lexicon";

    private final TieredCache<SearchResults> results;
    private final TieredCache<Correction> corrections;
    private final TieredCache<Suggestions> suggestions;
    private final TieredCache<PopularQueries> popular;
    private final SearchRepository products;
    private final TermRepository terms;

    SearchCaches(TieredCaches caches, JsonMapper json, SearchRepository products, TermRepository terms) {
        this.results = caches.cache(RESULTS, new JsonCodec<>(json, SearchResults.class));
        this.corrections = caches.cache(CORRECTIONS, new JsonCodec<>(json, Correction.class));
        this.suggestions = caches.cache(SUGGESTIONS, new JsonCodec<>(json, Suggestions.class));
        this.popular = caches.cache(POPULAR, new JsonCodec<>(json, PopularQueries.class));
        this.products = products;
        this.terms = terms;
    }

    /** A spelling correction as cached: {@code text} is null when nothing was corrected. */
    record Correction(@Nullable String text) {}

    TieredCache<SearchResults> results() {
        return results;
    }

    TieredCache<Correction> corrections() {
        return corrections;
    }

    TieredCache<Suggestions> suggestions() {
        return suggestions;
    }

    TieredCache<PopularQueries> popular() {
        return popular;
    }

    /** The tag of a normalised query's results (see the class comment). */
    static String resultTag(String text) {
        @Nullable String longest = null;
        if (text.startsWith("-") || text.contains(" -")) {
            return CacheKeys.ALL;
        }
        for (String word : SearchText.words(text)) {
            if (word.equals("or")) {
                return CacheKeys.ALL;
            }
            if (!SearchText.STOP_WORDS.contains(word) && (longest == null || word.length() > longest.length())) {
                longest = word;
            }
        }
        return longest == null ? CacheKeys.ALL : wordTag(longest);
    }

    static String wordTag(String word) {
        String w = switch (word) {
            case "dying" -> "die";
            case "lying" -> "lie";
            case "tying" -> "tie";
            default -> word;
        };
        return "w:" + w.substring(0, Math.min(2, w.length()));
    }

    /** Every tag a change of a product with this text may affect. */
    static Set<String> productTags(String productText) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(CacheKeys.ALL);
        for (String word : SearchText.words(SearchText.normalise(productText), Integer.MAX_VALUE)) {
            tags.add(wordTag(word));
        }
        return tags;
    }

    /**
     * After the write committed: its words join the lexicon and the results that may show it are
     * dropped. A stock-only change touches no result page: stock in a result, as in a catalog list,
     * is a hint with bounded staleness ({@code CatalogCaches}), and its words did not change.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void productChanged(ProductChanged event) {
        if (!event.listsAffected()) {
            return; // stock only: no word changed and no result needs to drop (see Bounds above)
        }
        String text = products.productText(event.productId());
        if (text == null) {
            results.invalidate(CacheKeys.ALL);
            return;
        }
        terms.addProduct(event.productId());
        for (String tag : productTags(text)) {
            results.invalidate(tag);
        }
    }

    /** A bulk load replaced the catalog: rebuild the lexicon, then nothing cached about search holds. */
    @EventListener
    void catalogReplaced(CatalogReplaced event) {
        long started = System.nanoTime();
        terms.rebuild();
        invalidateAll();
        log.info(
                "search: term lexicon rebuilt for {} products in {} s",
                event.products(),
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }

    /** Makes every cached search, correction and suggestion unreachable on every node. */
    void invalidateAll() {
        for (TieredCache<?> cache : List.of(results, corrections, suggestions, popular)) {
            cache.invalidateAll();
        }
    }
}
