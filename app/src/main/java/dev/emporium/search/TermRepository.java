package dev.emporium.search;

import dev.emporium.platform.db.QueryClass;
import dev.emporium.platform.db.StatementTimeouts;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

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
     * For each word: the word itself when it is a term; else the most frequent term one Damerau edit
     * away ({@link EditCandidates}: the candidates are joined to the lexicon once, by a hash of it or
     * probes of its C-collated B-tree); else the nearest term by trigram distance (GiST KNN), kept when
     * similar enough. The join compares under {@code collate "C"} (the same equality for a
     * deterministic collation) so that only the B-tree can serve it: pg_trgm's GiST class also
     * supports {@code =}, and a generic plan probing it once per candidate cost 0.1 ms a probe, 88 ms
     * for "compact lmap" at scale 1 (the B-tree: 0.007 ms a probe).
     * The KNN probe runs only for words the first two steps left without a term, and orders by distance
     * alone: a second sort key would make it read every term tied at the first distance (all of them,
     * for a word that shares no trigram with any term).
     */
    private static final String NEAREST = """
            with edit as (
                select distinct on (c.n) c.n, c.term
                  from unnest(cast(:candidates as text[]), cast(:positions as int[])) as c(term, n)
                  join search_terms s on s.term collate "C" = c.term
                 order by c.n, c.term = (cast(:words as text[]))[c.n] desc, s.weight desc, c.term)
            select w.n, coalesce(e.term, near.term)
              from unnest(cast(:words as text[])) with ordinality as w(word, n)
              left join edit e on e.n = w.n
              left join lateral (
                    select t.term
                      from search_terms t
                     where e.term is null
                     order by t.term <-> w.word
                     limit 1) near on similarity(near.term, w.word) >= :similarity
             where coalesce(e.term, near.term) is not null
             order by w.n
            """;

    /**
     * Completions of a prefix by weight (range scan on the C-collated index), then terms one swap or
     * deletion from it (probes of the same index; "lmap" → "lamp"), then the nearest terms by trigram
     * distance; one statement, so a keystroke costs one round trip. Suggest takes only swaps and
     * deletions (at most 2n − 1 probes): with every replacement and insertion too (73n + 36) a
     * four-letter prefix made 331 probes or a hash of the whole lexicon on every keystroke, and
     * {@code term = any(:edits)} was worse still (a generic plan probed pg_trgm's GiST index for
     * equality, 37 ms).
     */
    private static final String COMPLETE = """
            (select term, 0 as kind
               from search_terms
              where term collate "C" >= :low and term collate "C" < :high
              order by weight desc, term
              limit :limit)
            union all
            (select s.term, 1 as kind
               from unnest(cast(:edits as text[])) as e(term)
               join search_terms s on s.term collate "C" = e.term
              order by s.weight desc, s.term
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

    static final int MIN_EDIT_PREFIX = 4;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final StatementTimeouts timeouts;

    TermRepository(JdbcClient jdbc, TransactionTemplate transactions, StatementTimeouts timeouts) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.timeouts = timeouts;
    }

    /**
     * Replaces the lexicon with the words of the current catalog, in one transaction (readers see the
     * old lexicon until it commits) in the bulk class, without a statement timeout: at a million products
     * on a busy machine the rebuild takes longer than the request bound, which once aborted a scale-1 seed.
     */
    void rebuild() {
        transactions.executeWithoutResult(tx -> {
            timeouts.apply(QueryClass.BULK);
            jdbc.sql("delete from search_terms").update();
            jdbc.sql(REBUILD).update();
        });
        jdbc.sql("analyze search_terms").update();
    }

    /** Adds a product's words (created, renamed or re-activated); words are never removed before a rebuild. */
    void addProduct(long id) {
        jdbc.sql(ADD_PRODUCT).param("id", id).update();
    }

    /** The corrections found, by word position (1-based); words without a close term are absent. */
    List<Correction> nearest(List<String> words, double similarity) {
        List<String> candidates = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            candidates.add(words.get(i));
            positions.add(i + 1);
            for (String edit : EditCandidates.of(words.get(i))) {
                candidates.add(edit);
                positions.add(i + 1);
            }
        }
        return jdbc.sql(NEAREST)
                .param("words", SearchText.arrayLiteral(words))
                .param("candidates", SearchText.arrayLiteral(candidates))
                .param(
                        "positions",
                        "{"
                                + String.join(
                                        ",",
                                        positions.stream().map(String::valueOf).toList()) + "}")
                .param("similarity", similarity)
                .query((rs, n) -> new Correction(rs.getInt(1), rs.getString(2)))
                .list();
    }

    record Correction(int position, String term) {}

    /**
     * Prefix completions (kind 0), then terms one swap or deletion away, then trigram neighbours (both
     * kind 1), each at most {@code limit}; edits only for prefixes of {@value #MIN_EDIT_PREFIX} or more
     * characters (one edit from a shorter prefix is almost any short word).
     */
    List<Completion> complete(String prefix, int limit, double similarity) {
        List<String> edits =
                prefix.length() >= MIN_EDIT_PREFIX && prefix.chars().allMatch(Character::isLetterOrDigit)
                        ? List.copyOf(EditCandidates.swapsAndDeletions(prefix))
                        : List.of();
        return jdbc.sql(COMPLETE)
                .param("low", prefix)
                .param("edits", SearchText.arrayLiteral(edits))
                .param("high", prefix + Character.MAX_VALUE)
                .param("prefix", prefix)
                .param("limit", limit)
                .param("similarity", similarity)
                .query((rs, n) -> new Completion(rs.getString(1), rs.getInt(2) == 1))
                .list();
    }

    record Completion(String term, boolean typo) {}
}
