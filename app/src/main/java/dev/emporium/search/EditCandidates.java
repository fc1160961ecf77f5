package dev.emporium.search;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every spelling one Damerau–Levenshtein edit away from a word: one character deleted, two
 * neighbours swapped, one replaced or one inserted (letters a–z and digits). Looked up as exact
 * terms in the lexicon (primary-key probes), they repair what trigram similarity cannot: a swap
 * inside a short word ("lmap" shares one trigram of nine with "lamp", similarity 0.11) and a
 * dropped or doubled letter in a word of four or five characters.
 *
 * <p>Bounded: a word of {@code n} characters has at most {@code 73n + 36} candidates; words shorter
 * than {@value #MIN_LENGTH} (too many real words lie one edit from "pn"), longer than {@value
 * #MAX_LENGTH} (trigrams already tolerate one edit there) and stop words (full text ignores them)
 * get none.
 */
final class EditCandidates {

    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 12;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private EditCandidates() {}

    /** The candidates of a normalised (lower-case) word, without the word itself; empty outside the length bounds. */
    static Set<String> of(String word) {
        int n = word.length();
        Set<String> out = new LinkedHashSet<>();
        if (!eligible(word)) {
            return out;
        }
        swapsAndDeletions(word, out);
        for (int i = 0; i <= n; i++) {
            for (int c = 0; c < ALPHABET.length(); c++) {
                char ch = ALPHABET.charAt(c);
                if (i < n) {
                    out.add(word.substring(0, i) + ch + word.substring(i + 1));
                }
                out.add(word.substring(0, i) + ch + word.substring(i));
            }
        }
        out.remove(word);
        return out;
    }

    /** Only the swaps of neighbours and the deletions (at most {@code 2n - 1}), within the same bounds. */
    static Set<String> swapsAndDeletions(String word) {
        Set<String> out = new LinkedHashSet<>();
        if (eligible(word)) {
            swapsAndDeletions(word, out);
            out.remove(word);
        }
        return out;
    }

    private static void swapsAndDeletions(String word, Set<String> out) {
        int n = word.length();
        for (int i = 0; i < n - 1; i++) {
            out.add(word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2));
        }
        for (int i = 0; i < n; i++) {
            out.add(word.substring(0, i) + word.substring(i + 1));
        }
    }

    private static boolean eligible(String word) {
        return word.length() >= MIN_LENGTH
                && word.length() <= MAX_LENGTH
                && !SearchText.STOP_WORDS.contains(word)
                && word.chars().noneMatch(c -> Character.isSurrogate((char) c));
    }
}
