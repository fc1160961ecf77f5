package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emporium.platform.web.ApiException;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ExplainGuard;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Stock from deliveries: concurrent batches add up exactly and never deadlock; overflow is refused whole. */
@IntegrationTest
class StockReceivingTests {

    @Autowired
    StockReceiving receiving;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    PlatformTransactionManager transactionManager;

    TransactionTemplate transactions;

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
        transactions = new TransactionTemplate(transactionManager);
    }

    @Test
    void concurrentBatchesOverTheSameProductsAddUpExactly() throws Exception {
        List<Long> products = List.of(101L, 102L, 103L, 104L);
        Map<Long, Integer> before = new HashMap<>();
        products.forEach(id -> before.put(id, stock(id)));
        int threads = 16;
        int batches = 100;
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(() -> {
                for (int i = 0; i < batches; i++) {
                    Map<Long, Integer> batch = new HashMap<>();
                    // every batch touches every product, in a random map order: the update sorts the ids
                    for (long id : products) {
                        batch.put(id, 1 + (int) (id % 2));
                    }
                    transactions.executeWithoutResult(tx -> receiving.receive(batch));
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        }
        for (long id : products) {
            int perBatch = 1 + (int) (id % 2);
            assertThat(stock(id)).isEqualTo(before.get(id) + threads * batches * perBatch);
        }
    }

    @Test
    void aBatchThatWouldOverflowAProductsStockChangesNothing() {
        jdbc.sql("update products set stock = 2147483000 where id = 201").update();
        int other = stock(202);
        assertThatThrownBy(
                        () -> transactions.executeWithoutResult(tx -> receiving.receive(Map.of(201L, 1_000, 202L, 5))))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("[201]");
        assertThat(stock(201)).isEqualTo(2147483000);
        assertThat(stock(202)).isEqualTo(other);
        jdbc.sql("update products set stock = 10 where id = 201").update();
    }

    @Test
    void stockStatementsUseTheProductsPrimaryKey() {
        ExplainGuard guard = new ExplainGuard(jdbc).requireLarge("products");
        guard.assertNoSequentialScan(
                StockReceivingRepository.ADD_STOCK, Map.of("ids", "{5,6,7}", "quantities", "{1,2,3}"));
        guard.assertNoSequentialScan(StockReceivingRepository.EXISTING, Map.of("ids", "{5,6,7}"));
    }

    private int stock(long id) {
        return jdbc.sql("select stock from products where id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
    }
}
