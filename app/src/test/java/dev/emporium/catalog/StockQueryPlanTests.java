package dev.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.ExplainGuard;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stock statements of checkout and cancellation read products by primary key at scale. */
@IntegrationTest
class StockQueryPlanTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Test
    void pricingTakingAndPuttingBackStockUseThePrimaryKey() {
        TestData.ensureLoaded(generator, jdbc);
        ExplainGuard guard = new ExplainGuard(jdbc).requireLarge("products");
        Map<String, Object> lines = Map.of("ids", "{5,17,4000,90000,123}", "quantities", "{1,2,1,3,1}");
        String take = ExplainGuard.describe(guard.assertNoSequentialScan(StockRepository.TAKE, lines));
        String putBack = ExplainGuard.describe(guard.assertNoSequentialScan(StockRepository.PUT_BACK, lines));
        String prices = ExplainGuard.describe(guard.assertNoSequentialScan(StockRepository.PRICES, lines));
        assertThat(take).contains("LockRows").contains("Index Scan(products)");
        assertThat(putBack).contains("LockRows");
        assertThat(prices).contains("Index Scan(products)").doesNotContain("LockRows");
    }
}
