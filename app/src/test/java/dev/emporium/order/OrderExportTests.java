package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class OrderExportTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    @Autowired
    OrderExport export;

    @Autowired
    JsonMapper json;

    OrderFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new OrderFixture(jdbc, tokens, generator);
    }

    @Test
    void exportsARangeAsCsvByDefaultAndAsNdjsonWhenAsked() throws Exception {
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(10, ChronoUnit.DAYS);
        Instant from = to.minus(3, ChronoUnit.DAYS);
        long expected = jdbc.sql("select count(*) from orders where created_at >= :f and created_at < :t")
                .param("f", java.sql.Timestamp.from(from))
                .param("t", java.sql.Timestamp.from(to))
                .query(Long.class)
                .single();
        assertThat(expected).isPositive();
        String range = "?from=" + from + "&to=" + to;
        String csv = mvc.perform(
                        get("/api/v1/admin/orders/export" + range).header("Authorization", fixture.adminBearer()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<String> rows = csv.lines().toList();
        assertThat(rows.getFirst()).isEqualTo(OrderExport.CSV_HEADER.strip());
        assertThat(rows).hasSize((int) expected + 1);
        assertThat(rows.get(1)).matches("[0-9]+,[0-9]+,(PLACED|SHIPPED|CANCELLED),[0-9]+,EUR,[^,]+,[^,]+,[0-9: ]+");

        String ndjson = mvc.perform(get("/api/v1/admin/orders/export" + range + "&status=CANCELLED")
                        .header("Authorization", fixture.adminBearer())
                        .header("Accept", "application/x-ndjson"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/x-ndjson")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        List<String> lines = ndjson.lines().toList();
        assertThat(lines).isNotEmpty();
        long total = 0;
        for (String line : lines) {
            JsonNode order = json.readTree(line);
            assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
            long sum = 0;
            for (JsonNode item : order.get("items")) {
                sum += item.get("quantity").asLong() * item.get("unitPrice").asLong();
            }
            assertThat(sum)
                    .as("total = sum of lines")
                    .isEqualTo(order.get("total").asLong());
            total++;
        }
        assertThat(total).isLessThan(expected);
    }

    @Test
    void badParametersAreRejectedAndCustomersMayNotExport() throws Exception {
        for (String bad :
                List.of("from=last-year", "status=GONE", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")) {
            mvc.perform(get("/api/v1/admin/orders/export?" + bad).header("Authorization", fixture.adminBearer()))
                    .andExpect(status().isBadRequest());
        }
        mvc.perform(get("/api/v1/admin/orders/export").header("Authorization", fixture.bearer(fixture.customer(0))))
                .andExpect(status().isForbidden());
    }

    /**
     * The whole history goes out in chunks while the query runs, and the heap does not hold it: at
     * the middle of the export the live heap has grown by far less than the rows read so far would
     * take in memory (a driver that buffered the result set would hold all of them at that point).
     */
    @Test
    void theWholeHistoryStreamsInChunksWithoutHoldingItInMemory() {
        long orders = jdbc.sql("select count(*) from orders").query(Long.class).single();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = liveHeap(memory);
        List<Long> flushes = new ArrayList<>();
        long[] bytes = {0};
        long[] middle = {-1};
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }

            @Override
            public void flush() {
                flushes.add(bytes[0]);
                if (flushes.size() == orders / 1_000 / 2) {
                    middle[0] = liveHeap(memory);
                }
            }
        };
        long written =
                export.write(OrderFilter.parse(null, null, null, null, null, null), OrderExport.Format.NDJSON, sink);
        assertThat(written).isEqualTo(orders);
        assertThat(flushes).hasSizeGreaterThanOrEqualTo((int) (orders / 1_000));
        assertThat(flushes.getFirst()).isLessThan(bytes[0] / 20);
        assertThat(bytes[0]).isGreaterThan(orders * 100);
        assertThat(middle[0] - baseline)
                .as("live heap growth at the middle of a %d-byte export", bytes[0])
                .isLessThan(bytes[0] / 4);
    }

    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
