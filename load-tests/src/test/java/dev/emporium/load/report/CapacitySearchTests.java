package dev.emporium.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacitySearchTests {

    private final CapacitySearch search = new CapacitySearch(10, 10, 4, 1000, 100, 0.0);

    @Test
    void capacityIsTheLastLevelBeforeTheFirstThatDidNotHold() {
        List<RequestSample> requests = new ArrayList<>();
        level(requests, 0, 20, false);
        level(requests, 1, 30, false);
        level(requests, 2, 500, false);
        level(requests, 3, 20, false);

        CapacitySearch.Result result = search.analyse(requests);

        assertThat(result.levels()).extracting(CapacitySearch.Level::held).containsExactly(true, true, false, true);
        assertThat(result.capacity())
                .get()
                .extracting(CapacitySearch.Level::rate)
                .isEqualTo(20.0);
    }

    @Test
    void aLevelWithErrorsDoesNotHoldEvenWhenFast() {
        List<RequestSample> requests = new ArrayList<>();
        level(requests, 0, 5, true);

        CapacitySearch.Result result = search.analyse(requests);

        assertThat(result.levels().getFirst().held()).isFalse();
        assertThat(result.capacity()).isEmpty();
    }

    @Test
    void levelsAreCountedFromTheFirstRequest() {
        List<RequestSample> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(new RequestSample("a", 5_000 + i * 100, 5_000 + i * 100 + 5, true, ""));
        }

        CapacitySearch.Result result = search.analyse(requests);

        assertThat(result.levels().getFirst().summary().count()).isEqualTo(10);
    }

    private static void level(List<RequestSample> requests, int level, long latency, boolean failing) {
        for (int i = 0; i < 100; i++) {
            long start = level * 1000L + i * 10;
            requests.add(new RequestSample("a", start, start + latency, !(failing && i == 0), ""));
        }
    }
}
