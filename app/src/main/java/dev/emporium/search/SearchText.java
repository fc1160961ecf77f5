package dev.emporium.search;

import dev.emporium.platform.web.ApiException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one normalisation of query text, used for matching, cache keys and statistics alike: Unicode
 * NFKC, lower case, control characters (NUL included, which PostgreSQL rejects in text) turned into
 * spaces, runs of whitespace collapsed, trimmed. "  iPhone\t15 " and "iphone 15" are the same search.
 */
final class SearchText {

    static final int MAX_LENGTH = 200;
    private static final int MAX_TOKENS = 8;

    /** The Snowball English stop words PostgreSQL's 'english' configuration drops. */
    static final Set<String> STOP_WORDS = Set.of(("i me my myself we our ours ourselves you your yours yourself "
                    + "yourselves he him his himself she her hers herself it its itself they them their theirs themselves "
                    + "what which who whom this that these those am is are was were be been being have has had having do "
                    + "does did doing a an the and but if or because as until while of at by for with about against "
                    + "between into through during before after above below to from up down in out on off over under "
                    + "again further then once here there when where why how all any both each few more most other some "
                    + "such no nor not only own same so than too very s t can will just don should now")
            .split(" "));

    private SearchText() {}

    /** The normalised text of a required {@code q}; 400 when absent, blank or longer than {@link #MAX_LENGTH}. */
    static String require(@Nullable String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest(field, "must not be empty");
        }
        if (raw.length() > MAX_LENGTH) {
            throw ApiException.badRequest(field, "must be at most " + MAX_LENGTH + " characters");
        }
        String text = normalise(raw);
        if (text.isEmpty()) {
            throw ApiException.badRequest(field, "must contain a searchable character");
        }
        return text;
    }

    static String normalise(String raw) {
        String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = false;
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            boolean blank = Character.isWhitespace(c)
                    || Character.isISOControl(c)
                    || Character.getType(c) == Character.SURROGATE
                    || Character.isSpaceChar(c);
            if (blank) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(c);
        }
        return out.toString();
    }

    /** Letter-or-digit words of the text, at most {@value #MAX_TOKENS}, in order. */
    static List<String> words(String text) {
        return words(text, MAX_TOKENS);
    }

    static List<String> words(String text, int max) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length() && words.size() < max; ) {
            int c = i < text.length() ? text.codePointAt(i) : ' ';
            i += i < text.length() ? Character.charCount(c) : 1;
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        return words;
    }

    /** A PostgreSQL text[] literal of words that contain only letters and digits (so quoting is plain). */
    static String arrayLiteral(List<String> words) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < words.size(); i++) {
            literal.append(i == 0 ? "" : ",").append('"').append(words.get(i)).append('"');
        }
        return literal.append('}').toString();
    }
}
