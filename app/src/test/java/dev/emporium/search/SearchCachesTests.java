package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The result tag rule: a product that can match a query always carries the query's tag among its own. */
class SearchCachesTests {

    @Test
    void aPlainQueryIsTaggedByItsLongestNonStopWord() {
        assertThat(SearchCaches.resultTag("the compact lamps")).isEqualTo("w:co");
        assertThat(SearchCaches.resultTag("\"red steel\" lamp")).isEqualTo("w:st");
    }

    @Test
    void queriesWithAlternativesExclusionsOrOnlyStopWordsAreTaggedAll() {
        assertThat(SearchCaches.resultTag("lamp or kettle")).isEqualTo("all");
        assertThat(SearchCaches.resultTag("lamp -red")).isEqualTo("all");
        assertThat(SearchCaches.resultTag("-red")).isEqualTo("all");
        assertThat(SearchCaches.resultTag("the of a")).isEqualTo("all");
    }

    @Test
    void stemmedFormsShareTheTagOfTheProductWordTheyMatch() {
        assertThat(SearchCaches.productTags("Running shoes for dying batteries"))
                .contains(SearchCaches.resultTag("runs"), SearchCaches.resultTag("die"), SearchCaches.resultTag("shoe"))
                .contains("all");
        assertThat(SearchCaches.productTags("Norvik Compact Lamp 123"))
                .contains(SearchCaches.resultTag("lamps"), SearchCaches.resultTag("compacts norvik"));
    }

    @Test
    void normalisationFoldsCaseWidthAndWhitespaceAndDropsControlCharacters() {
        assertThat(SearchText.normalise("  iPhone\t15 \u0000Pro ")).isEqualTo("iphone 15 pro");
        assertThat(SearchText.normalise("ＡＢＣ")).isEqualTo("abc");
        assertThat(SearchText.words("wi-fi router, 5g!")).containsExactly("wi", "fi", "router", "5g");
    }
}
