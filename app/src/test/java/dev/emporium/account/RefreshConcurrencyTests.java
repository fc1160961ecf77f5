package dev.emporium.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refresh-token rotation under contention: one presented token buys exactly one new pair, and the
 * chain continues from the winner's token, round after round.
 */
@IntegrationTest
class RefreshConcurrencyTests {

    private static final int THREADS = 20;
    private static final int ROUNDS = 25;

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Test
    void exactlyOneOfTwentyConcurrentRefreshesWithTheSameTokenSucceeds() throws Exception {
        AuthClient client = new AuthClient(mvc, json);
        String refreshToken = client.newCustomerSession().get("refreshToken").asString();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int round = 0; round < ROUNDS; round++) {
                String presented = refreshToken;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<MockHttpServletResponse>> calls = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return client.refresh(presented).andReturn().getResponse();
                    }));
                }
                start.countDown();
                List<MockHttpServletResponse> responses = new ArrayList<>();
                for (Future<MockHttpServletResponse> call : calls) {
                    responses.add(call.get());
                }
                List<MockHttpServletResponse> winners =
                        responses.stream().filter(r -> r.getStatus() == 200).toList();
                assertThat(winners).as("winners in round %d", round).hasSize(1);
                assertThat(responses).filteredOn(r -> r.getStatus() == 401).hasSize(THREADS - 1);
                refreshToken = json.readTree(winners.getFirst().getContentAsString())
                        .get("refreshToken")
                        .asString();
            }
        }
    }
}
