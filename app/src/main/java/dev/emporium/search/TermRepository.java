package dev.emporium.search;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The term lexicon ({@code search_terms}): distinct lower-case words of active products' names and
 * brands, weighted by how often they occur. Small whatever the catalog's size (words repeat across
 * products), so completing a prefix and finding the nearest spelling by trigram distance are lookups
 * in a table of thousands of rows, never a scan of products.
 */
@Repository
class TermRepository {

    /** Words of name and brand (the brand once, when the name does not already carry it). */
    private static final String WORDS = """
            select word, count(*)
              from products,
                   regexp_split_to_table(
                       lower(case when strpos(lower(name), lower(brand)) > 0 then name else name || ' ' || brand end),
                       '[^[:alnum:]]+') as word
             where %s
               and length(word) between 2 and 40
               and word !~ '^[0-9]+$'
             group by word
            """;

    private static final String REBUILD = "insert into search_terms (term, weight)\n" + WORDS.formatted("active");

    private static final String ADD_PRODUCT =
            "insert into search_terms (term, weight)\n" + WORDS.formatted("id = :id and active")
                    + "on conflict (term) do update set weight = search_terms.weight + 1";

    /**
     * For each word, the nearest term by trigram distance (GiST KNN), kept when similar enough. A word
     * that is itself a term is its own nearest (distance 0).
     */
    private static final String NEAREST = """
            select w.n, t.term
              from unnest(cast(:words as text[])) with ordinality as w(word, n)
              cross join lateral (
                    select term
                      from search_terms
                     order by term <-> w.word, weight desc
                     limit 1) t
             where similarity(t.term, w.word) >= :similarity
             order by w.n
            """;

    /**
     * Completions of a prefix by weight (range scan on the C-collated index), then the nearest terms
     * by trigram distance for typos; one statement, so a keystroke costs one round trip.
     */
    private static final String COMPLETE = """
            (select term, 0 as kind
               from search_terms
              where term collate "C" >= :low and term collate "C" < :high
              order by weight desc, term
              limit :limit)
            union all
            (select term, 1 as kind
               from (select term, weight
                       from search_terms
                      order by term <-> :prefix
                      limit :limit) near
              where greatest(similarity(term, :prefix), word_similarity(:prefix, term)) >= :similarity
              order by greatest(similarity(term, :prefix), word_similarity(:prefix, term)) desc, weight desc)
            """;

    private final JdbcClient jdbc;

    TermRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the lexicon with the words of the current catalog. */
    void rebuild() {
        jdbc.sql("truncate search_terms").update();
        jdbc.sql(REBUILD).update();
        jdbc.sql("analyze search_terms").update();
    }

    /** Adds a product's words (created, renamed or re-activated); words are never removed before a rebuild. */
    void addProduct(long id) {
        jdbc.sql(ADD_PRODUCT).param("id", id).update();
    }

    /** The corrections found, by word position (1-based); words without a close term are absent. */
    List<Correction> nearest(List<String> words, double similarity) {
        return jdbc.sql(NEAREST)
                .param("words", SearchText.arrayLiteral(words))
                .param("similarity", similarity)
                .query((rs, n) -> new Correction(rs.getInt(1), rs.getString(2)))
                .list();
    }

    record Correction(int position, String term) {}

    /** Prefix completions (kind 0) then typo-tolerant neighbours (kind 1), each at most {@code limit}. */
    List<Completion> complete(String prefix, int limit, double similarity) {
        return jdbc.sql(COMPLETE)
                .param("low", prefix)
                .param("high", prefix + Character.MAX_VALUE)
                .param("prefix", prefix)
                .param("limit", limit)
                .param("similarity", similarity)
                .query((rs, n) -> new Completion(rs.getString(1), rs.getInt(2) == 1))
                .list();
    }

    record Completion(String term, boolean typo) {}
}
