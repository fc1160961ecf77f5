package dev.emporium.load.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * The query mix of the search journey, most frequent first, drawn Zipf-skewed: the generator's
 * vocabulary (nouns, adjective + noun, colour + noun, material + noun) with a share of misspellings
 * that only the trigram fallback finds, the way shoppers type. Rank 1 is the most frequent query.
 */
final class SearchQueries {

    private static final String[] NOUNS = {
        "headphones",
        "lamp",
        "kettle",
        "speaker",
        "backpack",
        "chair",
        "blender",
        "jacket",
        "drill",
        "mug",
        "tent",
        "watch",
        "keyboard",
        "bottle",
        "camera",
        "scarf",
        "router",
        "pan"
    };
    private static final String[] ADJECTIVES = {
        "compact", "classic", "ultra", "eco", "smart", "pro", "lite", "rugged", "premium", "portable", "deluxe", "quiet"
    };
    private static final String[] COLORS = {"black", "white", "red", "blue", "green", "grey"};
    private static final String[] MATERIALS = {"steel", "cotton", "wood", "glass", "leather"};
    private static final String[] TYPOS = {
        "lmap",
        "kettel",
        "headphnoes",
        "speakr",
        "backpak",
        "blendr",
        "jakcet",
        "keybaord",
        "camrea",
        "routr",
        "bottel",
        "portabel"
    };

    private final List<String> queries = new ArrayList<>();
    private final ZipfIds ranks;

    SearchQueries(double exponent) {
        for (String noun : NOUNS) {
            queries.add(noun);
        }
        for (int i = 0; i < ADJECTIVES.length * NOUNS.length; i++) {
            queries.add(ADJECTIVES[i % ADJECTIVES.length] + " " + NOUNS[(i * 7) % NOUNS.length]);
            if (i % 3 == 0) {
                queries.add(TYPOS[(i / 3) % TYPOS.length]);
            }
            if (i % 2 == 0) {
                queries.add(COLORS[i % COLORS.length] + " " + NOUNS[(i * 5) % NOUNS.length]);
            }
            if (i % 4 == 0) {
                queries.add(MATERIALS[i % MATERIALS.length] + " " + NOUNS[(i * 11) % NOUNS.length]);
            }
        }
        this.ranks = new ZipfIds(queries.size(), exponent);
    }

    String next() {
        return queries.get(ranks.nextRank() - 1);
    }

    /**
     * Prints {@code args[0]} draws of the mix, one a line, for scripts that warm a server up with wrk
     * ({@code scripts/bench-search.sh}): {@code java -cp load-tests/target/test-classes
     * dev.emporium.load.simulation.SearchQueries 2000}.
     */
    public static void main(String[] args) {
        SearchQueries mix = new SearchQueries(1.0);
        int draws = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < draws; i++) {
            lines.append(mix.next()).append('\n');
        }
        System.out.print(lines);
    }

    /** What a shopper's keystrokes send to suggest before searching: prefixes of 2 to 6 characters. */
    static List<String> prefixes(String query) {
        List<String> prefixes = new ArrayList<>();
        for (int n = 2; n <= Math.min(6, query.length()); n++) {
            prefixes.add(query.substring(0, n));
        }
        return prefixes;
    }
}
