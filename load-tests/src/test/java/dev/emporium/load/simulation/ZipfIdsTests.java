package dev.emporium.load.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZipfIdsTests {

    @Test
    void ranksStayInRangeAndTheFirstRankIsTheMostFrequent() {
        ZipfIds zipf = new ZipfIds(1_000, 1.0);
        int[] counts = new int[1_001];
        for (int i = 0; i < 200_000; i++) {
            int rank = zipf.nextRank();
            assertThat(rank).isBetween(1, 1_000);
            counts[rank]++;
        }

        assertThat(counts[1]).isGreaterThan(counts[10]).isGreaterThan(counts[500]);
        int top10 = 0;
        for (int rank = 1; rank <= 10; rank++) {
            top10 += counts[rank];
        }
        assertThat(top10 / 200_000.0).as("share of the 10 hottest of 1000 ids").isGreaterThan(0.25);
    }

    @Test
    void ranksMapToDistinctIdsCoveringTheWholeRange() {
        ZipfIds zipf = new ZipfIds(10_000, 1.0);
        Set<Integer> ids = new HashSet<>();
        for (int rank = 1; rank <= 10_000; rank++) {
            ids.add(zipf.idOfRank(rank));
        }

        assertThat(ids).hasSize(10_000);
        assertThat(ids).allMatch(id -> id >= 1 && id <= 10_000);
    }

    @Test
    void parametersRefuseTargetsOffTheLoopbackInterface() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadParameters(
                        "http://example.com",
                        java.time.Duration.ofSeconds(1),
                        java.time.Duration.ZERO,
                        1,
                        0,
                        10,
                        10,
                        "c%d@x",
                        "p",
                        1.0,
                        0,
                        "admin@x",
                        ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
