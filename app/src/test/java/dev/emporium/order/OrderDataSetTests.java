package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The generated order history is consistent with the ledger and the catalog: what
 * {@link OrderBulkLoader} promises, checked on the shared test data set.
 */
@IntegrationTest
class OrderDataSetTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    DataGenerator generator;

    OrderFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new OrderFixture(jdbc, tokens, generator);
    }

    @Test
    void everyGeneratedOrderIsPaidThroughTheLedgerAndItsTotalIsItsLines() throws Exception {
        assertThat(count("select count(*) from orders")).isGreaterThanOrEqualTo(TestData.ORDERS);
        assertThat(count("""
                        select count(*) from orders o
                         where o.total <> (select sum(l.quantity * l.unit_price) from order_lines l where l.order_id = o.id)
                            or o.line_count <> (select count(*) from order_lines l where l.order_id = o.id)
                        """))
                .as("orders whose total or line count differs from their lines")
                .isZero();
        assertThat(count("""
                        select count(*) from orders o
                          left join wallet_transfers t on t.kind = 'ORDER_PAYMENT' and t.reference = 'order:' || o.id
                         where t.id is null or t.amount <> o.total
                        """)).as("orders without their payment in the ledger").isZero();
        assertThat(count("""
                        select count(*) from orders o
                          left join wallet_transfers t on t.kind = 'REFUND' and t.reference = 'refund:order:' || o.id
                         where (o.status = 'CANCELLED') <> (t.id is not null)
                        """))
                .as("cancelled orders without their refund, or refunds of orders not cancelled")
                .isZero();
        assertThat(count("""
                        select count(*) from order_lines l join products p on p.id = l.product_id
                         where not p.active or p.stock < 0
                        """)).isZero();
        assertThat(count(
                        "select (select count(*) from orders where status = 'CANCELLED') * 100 / count(*) from orders"))
                .isBetween(2L, 8L);
        fixture.assertLedgerBalanced();
        mvc.perform(get("/api/v1/admin/wallet/verification").header("Authorization", fixture.adminBearer()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.firstBalanceMismatch").isEmpty())
                .andExpect(jsonPath("$.firstUnbalancedTransfer").isEmpty())
                .andExpect(jsonPath("$.entriesTotal").value(0))
                .andExpect(jsonPath("$.negativeBalances").value(0));
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
