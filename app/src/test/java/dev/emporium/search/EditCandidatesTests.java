package dev.emporium.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditCandidatesTests {

    @Test
    void oneEditAwayCoversSwapsDeletionsReplacementsAndInsertions() {
        assertThat(EditCandidates.of("lmap")).contains("lamp", "map", "lmaps", "lmop");
        assertThat(EditCandidates.of("iphnoe")).contains("iphone");
        assertThat(EditCandidates.of("kettel")).contains("kettle");
        assertThat(EditCandidates.of("speakr")).contains("speaker");
        assertThat(EditCandidates.of("lmap")).doesNotContain("lmap", "lamps");
    }

    @Test
    void suggestTakesOnlySwapsAndDeletions() {
        assertThat(EditCandidates.swapsAndDeletions("lmap"))
                .containsExactlyInAnyOrder("mlap", "lamp", "lmpa", "map", "lap", "lmp", "lma");
        assertThat(EditCandidates.swapsAndDeletions("the")).isEmpty();
    }

    @Test
    void sizeIsBoundedByTheWordLength() {
        assertThat(EditCandidates.of("lmap")).hasSizeLessThanOrEqualTo(73 * 4 + 36);
        assertThat(EditCandidates.of("keyboardcase")).isNotEmpty().hasSizeLessThanOrEqualTo(73 * 12 + 36);
    }

    @Test
    void shortWordsLongWordsAndStopWordsGetNone() {
        assertThat(EditCandidates.of("pn")).isEmpty();
        assertThat(EditCandidates.of("headphonescase")).isEmpty();
        assertThat(EditCandidates.of("the")).isEmpty();
        assertThat(EditCandidates.of("with")).isEmpty();
    }
}
