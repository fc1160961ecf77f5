package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A judged relevance set over the generated catalog, kept as a regression test: ~50 queries (single
 * words, brands, adjective + noun, colour or material + noun, misspellings, partial words) judged by
 * what a shopper means — grade 2 when every intended word is in the product's name or brand, 1 when
 * every intended word is somewhere in name, brand or description, 0 otherwise. Prints NDCG@10 and
 * the zero-result rate of our ranking beside a naive {@code name ILIKE '%q%' order by popularity}.
 */
@IntegrationTest
class RelevanceSetTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    SearchService search;

    @Autowired
    SearchCaches caches;

    @BeforeEach
    void data() {
        TestData.ensureLoaded(generator, jdbc);
        caches.invalidateAll();
    }

    /** Typed text → the words a shopper means. */
    private List<Map.Entry<String, String>> judgedQueries() {
        List<Map.Entry<String, String>> set = new ArrayList<>();
        for (String noun : List.of("lamp", "kettle", "speaker", "backpack", "chair", "blender", "jacket", "drill")) {
            set.add(Map.entry(noun, noun));
        }
        set.add(Map.entry("lamps", "lamp"));
        set.add(Map.entry("kettles", "kettle"));
        set.add(Map.entry("headphones", "headphones"));
        set.add(Map.entry("watches", "watch"));
        set.add(Map.entry("tents", "tent"));
        for (String pair : List.of(
                "compact lamp",
                "smart watch",
                "portable speaker",
                "rugged backpack",
                "classic chair",
                "quiet blender",
                "premium jacket",
                "eco bottle",
                "modern mug",
                "swift router")) {
            set.add(Map.entry(pair, pair));
        }
        for (String pair : List.of(
                "red kettle",
                "black headphones",
                "navy jacket",
                "wood chair",
                "steel bottle",
                "leather scarf",
                "glass mug",
                "green tent")) {
            set.add(Map.entry(pair, pair));
        }
        set.add(Map.entry("lmap", "lamp"));
        set.add(Map.entry("kettel", "kettle"));
        set.add(Map.entry("blendr", "blender"));
        set.add(Map.entry("keybaord", "keyboard"));
        set.add(Map.entry("camrea", "camera"));
        set.add(Map.entry("headphnoes", "headphones"));
        set.add(Map.entry("backpak", "backpack"));
        set.add(Map.entry("jakcet", "jacket"));
        set.add(Map.entry("compact lmap", "compact lamp"));
        set.add(Map.entry("protable speaker", "portable speaker"));
        set.add(Map.entry("headph", "headphones"));
        set.add(Map.entry("keyb", "keyboard"));
        set.add(Map.entry("Compact LAMP", "compact lamp"));
        for (String brand : jdbc.sql("select brand from products group by brand order by count(*) desc limit 6")
                .query(String.class)
                .list()) {
            set.add(Map.entry(brand.toLowerCase(Locale.ROOT), brand.toLowerCase(Locale.ROOT)));
            set.add(Map.entry(brand.toLowerCase(Locale.ROOT) + " lamp", brand.toLowerCase(Locale.ROOT) + " lamp"));
        }
        return set;
    }

    @Test
    void ourRankingBeatsANaiveSubstringMatchAndStaysAboveItsFloor() {
        List<Map.Entry<String, String>> set = judgedQueries();
        double ours = 0;
        double naive = 0;
        int oursZero = 0;
        int naiveZero = 0;
        StringBuilder table = new StringBuilder("query | ours NDCG@10 | naive NDCG@10\n");
        for (Map.Entry<String, String> judged : set) {
            List<Long> ourIds = search
                    .search(new SearchService.Request(judged.getKey(), null, null, null, null, null, 10, null, null))
                    .value()
                    .items()
                    .stream()
                    .map(SearchHit::id)
                    .toList();
            List<Long> naiveIds = jdbc.sql("select id from products where active and name ilike '%' || :q || '%'"
                            + " order by popularity desc, id desc limit 10")
                    .param("q", judged.getKey())
                    .query(Long.class)
                    .list();
            double o = ndcg(ourIds, judged.getValue());
            double n = ndcg(naiveIds, judged.getValue());
            ours += o;
            naive += n;
            oursZero += ourIds.isEmpty() ? 1 : 0;
            naiveZero += naiveIds.isEmpty() ? 1 : 0;
            table.append(String.format("%-22s | %.3f | %.3f%n", judged.getKey(), o, n));
        }
        double oursMean = ours / set.size();
        double naiveMean = naive / set.size();
        System.out.printf(
                "%sRelevance set: %d queries; NDCG@10 ours %.3f vs naive %.3f; zero-result rate ours %.1f%% vs naive %.1f%%%n",
                table, set.size(), oursMean, naiveMean, 100.0 * oursZero / set.size(), 100.0 * naiveZero / set.size());
        assertThat(set).hasSizeGreaterThanOrEqualTo(45);
        assertThat(oursMean).isGreaterThan(naiveMean).isGreaterThan(0.9);
        assertThat(oursZero).isLessThan(naiveZero);
    }

    /** Colours and materials appear only in generated descriptions, so grade 1 is the best a product can reach. */
    private static final java.util.Set<String> DESCRIPTION_ONLY = java.util.Set.of(
            "black",
            "white",
            "red",
            "blue",
            "green",
            "grey",
            "yellow",
            "navy",
            "steel",
            "cotton",
            "plastic",
            "wood",
            "glass",
            "leather",
            "aluminium");

    /**
     * NDCG@10 against an ideal list of ten products of the best grade the catalog holds for the intent
     * (the generated catalog has at least ten of them for every query in the set).
     */
    private double ndcg(List<Long> ids, String intent) {
        if (ids.isEmpty()) {
            return 0;
        }
        Map<Long, String[]> texts = new java.util.HashMap<>();
        jdbc.sql("select id, lower(name || ' ' || brand), lower(coalesce(description, '')) from products"
                        + " where id = any(cast(:ids as bigint[]))")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, i) -> texts.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)}))
                .list();
        double dcg = 0;
        double ideal = 0;
        boolean nameOnlyReachable = java.util.Arrays.stream(intent.split(" ")).noneMatch(DESCRIPTION_ONLY::contains);
        int best = nameOnlyReachable ? 2 : 1;
        for (int i = 0; i < 10; i++) {
            ideal += ((1 << best) - 1) / log2(i + 2);
            if (i < ids.size()) {
                String[] t = texts.get(ids.get(i));
                int grade = grade(t[0], t[0] + " " + t[1], intent);
                dcg += ((1 << grade) - 1) / log2(i + 2);
            }
        }
        return dcg / ideal;
    }

    private static int grade(String nameAndBrand, String everything, String intent) {
        boolean inName = true;
        boolean anywhere = true;
        for (String word : intent.split(" ")) {
            inName &= containsWord(nameAndBrand, word);
            anywhere &= containsWord(everything, word);
        }
        return inName ? 2 : anywhere ? 1 : 0;
    }

    private static boolean containsWord(String text, String word) {
        return (" " + text.replaceAll("[^\\p{L}\\p{N}]+", " ") + " ").contains(" " + word + " ")
                || (" " + text.replaceAll("[^\\p{L}\\p{N}]+", " ") + " ").contains(" " + word + "s ")
                || (" " + text.replaceAll("[^\\p{L}\\p{N}]+", " ") + " ").contains(" " + word + "es ");
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
