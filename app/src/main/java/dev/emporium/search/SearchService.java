package dev.emporium.search;

import dev.emporium.catalog.CategoryNode;
import dev.emporium.platform.cache.TieredCache;
import dev.emporium.platform.db.SpareConnections;
import dev.emporium.platform.web.ApiException;
import dev.emporium.platform.web.Limits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Runs searches: validation, the cache, the full-text query, the spelling fallback, facets, and
 * counting the search for analytics.
 *
 * <p>Statements per search (a cache miss): first the planner's estimate of the match (EXPLAIN, no
 * rows read), which decides the path. A broad match (at least {@code broadMatch} of the active
 * catalog) sorted by relevance then costs one statement: page and facets from one walk of the most
 * popular matches ({@link SearchQuery#sampledPage}); any other search costs two, the page and the
 * facet sample, which run side by side when the pool has connections to spare ({@link SpareConnections}).
 * So 2 or 3. The sample of a match the planner expects to exceed twice the facet sample is taken from the
 * popular tier ({@link SearchQuery.FacetSample#POPULAR_TIER}): its counts are estimates anyway, and the
 * tier's index holds a fifth of the rows. A first page with fewer than {@code fallbackBelow} hits adds one lexicon
 * lookup and, when it changed a word, the same 2 or 3 statements for the corrected text: never more
 * than 7, whatever the page size or the match size.
 */
@Service
class SearchService {

    private static final int BRAND_FACETS = 20;

    private final SearchRepository products;
    private final TermRepository terms;
    private final CategoryIndex categories;
    private final SearchCaches caches;
    private final QueryCounter counter;
    private final SearchProperties properties;
    private final SpareConnections spare;

    SearchService(
            SearchRepository products,
            TermRepository terms,
            CategoryIndex categories,
            SearchCaches caches,
            QueryCounter counter,
            SearchProperties properties,
            SpareConnections spare) {
        this.products = products;
        this.terms = terms;
        this.categories = categories;
        this.caches = caches;
        this.counter = counter;
        this.properties = properties;
        this.spare = spare;
    }

    record Request(
            @Nullable String q,
            @Nullable Long category,
            @Nullable String brand,
            @Nullable Long minPrice,
            @Nullable Long maxPrice,
            @Nullable String sort,
            @Nullable Integer limit,
            @Nullable Integer offset,
            @Nullable String cursor) {}

    /**
     * The results, and where they came from: a hit only when every cache lookup it took was a hit.
     * Results of a spelling correction are cached under the corrected text (their own tag), the
     * correction itself under the lexicon's tag.
     */
    TieredCache.Lookup<SearchResults> search(Request request) {
        SearchFilter filter = validate(request);
        TieredCache.Lookup<SearchResults> lookup = cached(filter);
        SearchResults first = Objects.requireNonNull(lookup.value(), "the results loader never returns null");
        if (filter.firstPage() && first.total() < properties.fallbackBelow()) {
            TieredCache.Lookup<SearchCaches.Correction> correction = caches.corrections()
                    .get(
                            SearchCaches.LEXICON,
                            filter.text(),
                            () -> new SearchCaches.Correction(correct(filter.text())));
            String corrected = Objects.requireNonNull(correction.value(), "the correction loader never returns null")
                    .text();
            if (corrected != null) {
                TieredCache.Lookup<SearchResults> second = cached(filter.withText(corrected));
                boolean hit = lookup.source().hit()
                        && correction.source().hit()
                        && second.source().hit();
                SearchResults r = Objects.requireNonNull(second.value(), "the results loader never returns null");
                if (r.total() > first.total()) {
                    lookup = new TieredCache.Lookup<>(
                            new SearchResults(
                                    r.items(),
                                    r.limit(),
                                    r.offset(),
                                    r.total(),
                                    r.totalExact(),
                                    r.nextCursor(),
                                    r.facets(),
                                    corrected),
                            hit ? second.source() : TieredCache.Source.LOADED);
                } else if (!hit) {
                    lookup = new TieredCache.Lookup<>(first, TieredCache.Source.LOADED);
                }
            }
        }
        if (filter.firstPage()) {
            SearchResults shown = Objects.requireNonNull(lookup.value(), "set from a loader that never returns null");
            counter.record(filter.text(), shown.total() == 0);
        }
        return lookup;
    }

    private TieredCache.Lookup<SearchResults> cached(SearchFilter filter) {
        return caches.results().get(SearchCaches.resultTag(filter.text()), filter.cacheKey(), () -> run(filter, null));
    }

    /** The text with each word replaced by its nearest lexicon term, or null when nothing changed. */
    private @Nullable String correct(String text) {
        List<String> words = SearchText.words(text);
        if (words.isEmpty()) {
            return null;
        }
        List<String> fixed = new ArrayList<>(words);
        for (TermRepository.Correction c : terms.nearest(words, properties.correctionSimilarity())) {
            fixed.set(c.position() - 1, c.term());
        }
        return fixed.equals(words) ? null : String.join(" ", fixed);
    }

    private SearchResults run(SearchFilter filter, @Nullable String corrected) {
        SearchRepository.Estimate estimate = products.estimate(filter);
        boolean broad = estimate.broad(properties.broadMatch());
        List<SearchHit> rows;
        List<SearchRepository.FacetRow> facetRows;
        if (broad && filter.sort() == SearchSort.RELEVANCE) {
            SearchRepository.Sampled sampled =
                    products.sampledPage(filter, properties.rankWindow(), properties.facetSample());
            rows = sampled.hits();
            facetRows = sampled.facets();
        } else {
            SearchQuery.FacetSample which = broad
                    ? SearchQuery.FacetSample.MOST_POPULAR
                    : estimate.matches() > 2L * properties.facetSample()
                            ? SearchQuery.FacetSample.POPULAR_TIER
                            : SearchQuery.FacetSample.FIRST;
            // independent reads: the facet sample runs beside the page when the pool has connections to spare
            SpareConnections.Read<List<SearchRepository.FacetRow>> sample =
                    spare.start(() -> products.facets(filter, properties.facetSample(), which));
            rows = products.page(filter, properties.rankWindow());
            facetRows = sample.join();
        }
        boolean more = rows.size() > filter.limit();
        List<SearchHit> items = List.copyOf(more ? rows.subList(0, filter.limit()) : rows);
        @Nullable String next = null;
        if (more) {
            SearchHit last = items.getLast();
            next = new SearchCursor(filter.sort(), filter.sort().keyOf(last), last.id()).encode();
        }
        long sampled = facetRows.stream()
                .filter(r -> r.grouping() == 7)
                .mapToLong(SearchRepository.FacetRow::count)
                .sum();
        boolean exact = sampled <= properties.facetSample();
        long total = exact ? sampled : Math.max(sampled, estimate.matches());
        Facets facets = facets(filter, facetRows, exact, sampled, total);
        return new SearchResults(items, filter.limit(), filter.offset(), total, exact, next, facets, corrected);
    }

    /** Exact counts, or the sample's counts scaled to the estimated total (flagged {@code exact:false}). */
    private Facets facets(
            SearchFilter filter, List<SearchRepository.FacetRow> rows, boolean exact, long sampled, long total) {
        if (sampled == 0) {
            return Facets.EMPTY;
        }
        double scale = exact ? 1.0 : (double) total / sampled;
        List<Facets.Count> brands = new ArrayList<>();
        Map<Long, Long> byCategory = new HashMap<>();
        long[] bands = new long[SearchQuery.PRICE_EDGES.length + 1];
        for (SearchRepository.FacetRow row : rows) {
            switch (row.grouping()) {
                case 3 ->
                    brands.add(new Facets.Count(
                            null,
                            Objects.requireNonNull(row.brand(), "grouping 3 groups by brand, a not null column"),
                            scaled(row.count(), scale)));
                case 5 -> {
                    Long child = categories.childOnPathTo(
                            Objects.requireNonNull(
                                    row.categoryId(), "grouping 5 groups by category, a not null column"),
                            filter.category());
                    if (child != null) {
                        byCategory.merge(child, row.count(), Long::sum);
                    }
                }
                case 6 ->
                    bands[Objects.requireNonNull(row.band(), "grouping 6 groups by price band, never null")] +=
                            row.count();
                default -> {}
            }
        }
        brands.sort(Comparator.comparingLong(Facets.Count::count).reversed().thenComparing(Facets.Count::value));
        List<Facets.Count> categoryCounts = new ArrayList<>();
        for (CategoryNode node : categories.childrenOf(filter.category())) {
            Long n = byCategory.get(node.id());
            if (n != null) {
                categoryCounts.add(new Facets.Count(node.id(), node.name(), scaled(n, scale)));
            }
        }
        categoryCounts.sort(Comparator.comparingLong(Facets.Count::count).reversed());
        List<Facets.PriceBand> prices = new ArrayList<>();
        for (int b = 0; b < bands.length; b++) {
            long min = b == 0 ? 0 : SearchQuery.PRICE_EDGES[b - 1];
            Long max = b < SearchQuery.PRICE_EDGES.length ? SearchQuery.PRICE_EDGES[b] : null;
            prices.add(new Facets.PriceBand(min, max, scaled(bands[b], scale)));
        }
        return new Facets(
                List.copyOf(brands.subList(0, Math.min(BRAND_FACETS, brands.size()))),
                List.copyOf(categoryCounts),
                List.copyOf(prices),
                exact,
                Math.min(sampled, properties.facetSample()));
    }

    private static long scaled(long count, double scale) {
        return Math.round(count * scale);
    }

    private SearchFilter validate(Request r) {
        String text = SearchText.require(r.q(), "q");
        SearchSort sort = SearchSort.parse(r.sort());
        int limit = Limits.limit(r.limit());
        int offset = Limits.offset(r.offset());
        if (r.minPrice() != null && r.minPrice() < 0) {
            throw ApiException.badRequest("minPrice", "must not be negative");
        }
        if (r.maxPrice() != null && r.maxPrice() < 0) {
            throw ApiException.badRequest("maxPrice", "must not be negative");
        }
        if (r.minPrice() != null && r.maxPrice() != null && r.minPrice() > r.maxPrice()) {
            throw ApiException.badRequest("minPrice", "must not exceed maxPrice");
        }
        if (r.brand() != null
                && (r.brand().isBlank()
                        || r.brand().length() > 100
                        || r.brand().chars().anyMatch(Character::isISOControl))) {
            throw ApiException.badRequest("brand", "must be 1 to 100 characters without control characters");
        }
        long @Nullable [] categoryIds = null;
        if (r.category() != null) {
            categoryIds = categories.subtree(r.category());
            if (categoryIds == null) {
                throw ApiException.badRequest("category", "no category with id " + r.category());
            }
        }
        @Nullable SearchCursor cursor = null;
        if (r.cursor() != null) {
            if (offset != 0) {
                throw ApiException.badRequest("offset", "must be 0 when a cursor is given");
            }
            cursor = SearchCursor.decode(r.cursor(), sort);
        }
        return new SearchFilter(
                text, r.category(), categoryIds, r.brand(), r.minPrice(), r.maxPrice(), sort, limit, offset, cursor);
    }
}
