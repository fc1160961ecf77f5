package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.emporium.support.FuzzInputs;
import java.util.List;

/**
 * Search text and search cursors, whatever a client sends: the normalised query is a 400 or a non-empty
 * text without control characters or stray spaces, its words are at most eight runs of letters and digits
 * (so the {@code text[]} literal built from them needs no escaping), and cursors decode or are a 400.
 */
class SearchInputFuzzTests {

    @FuzzTest(maxDuration = "30s")
    void anyQueryTextNormalisesToCleanWordsOrA400(byte[] input) {
        String raw = FuzzInputs.text(input);
        String text = FuzzInputs.parsedOrRefused(() -> SearchText.require(raw, "q"));
        if (text == null) {
            return;
        }
        assertThat(text).isNotEmpty().isEqualTo(text.strip()).doesNotContain("  ");
        assertThat(text.codePoints()).noneMatch(Character::isISOControl);
        List<String> words = SearchText.words(text);
        assertThat(words).hasSizeLessThanOrEqualTo(8);
        for (String word : words) {
            assertThat(word.codePoints()).isNotEmpty().allMatch(Character::isLetterOrDigit);
        }
        assertThat(SearchText.arrayLiteral(words))
                .doesNotContain("\\")
                .startsWith("{")
                .endsWith("}");
    }

    @FuzzTest(maxDuration = "30s")
    void anyCursorTextDecodesToARoundTrippingCursorOrA400(byte[] input) {
        String text = FuzzInputs.text(input);
        for (SearchSort sort : SearchSort.values()) {
            SearchCursor cursor = FuzzInputs.parsedOrRefused(() -> SearchCursor.decode(text, sort));
            if (cursor != null) {
                assertThat(SearchCursor.decode(cursor.encode(), sort)).isEqualTo(cursor);
            }
        }
    }
}
