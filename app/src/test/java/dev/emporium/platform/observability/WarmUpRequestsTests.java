package dev.emporium.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.platform.web.WarmUpRequests;
import dev.emporium.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The server's own cache warm-up is start-up work: it must not show up as traffic in the request metrics. */
@IntegrationTest
class WarmUpRequestsTests {

    static final String URI = "/api/v1/categories";

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry registry;

    @Test
    void warmUpRequestsCarryingTheProcessSecretAreNotCounted() throws Exception {
        long before = served();
        mvc.perform(get(URI).header(WarmUpRequests.HEADER, WarmUpRequests.mark()))
                .andExpect(status().isOk());
        assertThat(served()).isEqualTo(before);
        mvc.perform(get(URI)).andExpect(status().isOk());
        assertThat(served()).isEqualTo(before + 1);
    }

    @Test
    void aLoopbackCallerWithoutTheSecretIsCounted() throws Exception {
        long before = served();
        for (String guess : new String[] {"true", "1", "", WarmUpRequests.mark().substring(1)}) {
            mvc.perform(get(URI).header(WarmUpRequests.HEADER, guess).with(request -> {
                        request.setRemoteAddr("127.0.0.1");
                        return request;
                    }))
                    .andExpect(status().isOk());
        }
        assertThat(served()).isEqualTo(before + 4);
    }

    @Test
    void aRemoteClientCannotHideItsRequestsWithTheMark() throws Exception {
        long before = served();
        mvc.perform(get(URI).header(WarmUpRequests.HEADER, "true").with(request -> {
                    request.setRemoteAddr("203.0.113.7");
                    return request;
                }))
                .andExpect(status().isOk());
        assertThat(served()).isEqualTo(before + 1);
    }

    private long served() {
        Timer timer = registry.find("http.server.requests").tag("uri", URI).timer();
        return timer == null ? 0 : timer.count();
    }
}
