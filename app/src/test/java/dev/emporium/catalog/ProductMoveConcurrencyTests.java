package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Concurrent moves of one product: each update must report the category it really replaced, or
 * the caches would invalidate the wrong lists and leave the product listed where it no longer is.
 */
@IntegrationTest
class ProductMoveConcurrencyTests {

    @Autowired
    ProductRepository products;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Test
    void concurrentMovesEachReportTheCategoryTheyReplaced() throws Exception {
        TestData.ensureLoaded(generator, jdbc);
        long id = 99;
        List<Long> targets = jdbc.sql("select id from categories order by id limit 6")
                .query(Long.class)
                .list();
        long initial = jdbc.sql("select category_id from products where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
        var moves = new ConcurrentLinkedQueue<ProductRepository.Patched>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 150; i++) {
                    long to = targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
                    moves.add(transactions.execute(
                            status -> products.patch(id, new ProductPatch(null, null, null, to, null))
                                    .orElseThrow()));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long last = jdbc.sql("select category_id from products where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
        // the moves form one chain: every category left was entered before (or was the start)
        List<Long> left = new ArrayList<>(
                moves.stream().map(ProductRepository.Patched::categoryBefore).toList());
        List<Long> entered = new ArrayList<>(
                moves.stream().map(ProductRepository.Patched::categoryAfter).toList());
        left.add(last);
        entered.add(initial);
        assertThat(left).containsExactlyInAnyOrderElementsOf(entered);
    }
}
