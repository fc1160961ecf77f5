package dev.emporium.search;

import dev.emporium.platform.cache.TieredCache;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Completions while typing: built for one call per keystroke.
 *
 * <p>A miss costs one statement on the small term lexicon (prefix completions and trigram neighbours
 * in one round trip) plus the popular-query list, which is itself cached; the answer is cached per
 * normalised prefix, and prefixes repeat across shoppers (Zipf), so most keystrokes are cache hits
 * that touch no database. Order: popular searches that start with the text, then lexicon terms
 * completing the last word by frequency, then close spellings of it.
 */
@Service
class SuggestService {

    static final int MAX = 10;
    private static final int MAX_QUERIES = 4;

    private final TermRepository terms;
    private final SearchAnalyticsService analytics;
    private final SearchCaches caches;
    private final SearchProperties properties;

    SuggestService(
            TermRepository terms, SearchAnalyticsService analytics, SearchCaches caches, SearchProperties properties) {
        this.terms = terms;
        this.analytics = analytics;
        this.caches = caches;
        this.properties = properties;
    }

    TieredCache.Lookup<Suggestions> suggest(String q) {
        String text = SearchText.require(q, "q");
        return caches.suggestions().get(SearchCaches.LEXICON, text, () -> load(text));
    }

    private Suggestions load(String text) {
        Set<String> seen = new LinkedHashSet<>();
        List<Suggestions.Item> items = new ArrayList<>();
        for (PopularQueries.Item popular : Objects.requireNonNull(
                        analytics.popularLookup(SearchWindow.WEEK).value(),
                        "the popular-queries loader never returns null")
                .items()) {
            if (items.size() < MAX_QUERIES && popular.query().startsWith(text) && seen.add(popular.query())) {
                items.add(new Suggestions.Item(popular.query(), "query"));
            }
        }
        int cut = text.lastIndexOf(' ');
        String head = cut < 0 ? "" : text.substring(0, cut + 1);
        String last = text.substring(cut + 1);
        for (TermRepository.Completion c : terms.complete(last, MAX, properties.suggestSimilarity())) {
            String completed = head + c.term();
            if (items.size() < MAX && seen.add(completed)) {
                items.add(new Suggestions.Item(completed, c.typo() ? "correction" : "term"));
            }
        }
        return new Suggestions(List.copyOf(items));
    }
}
