package dev.emporium.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class DeliveryImportTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    JsonMapper json;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    SupplyTestClient client;
    long supplier;
    long a;
    long b;

    @BeforeEach
    void setUp() throws Exception {
        TestData.ensureLoaded(generator, jdbc);
        client = new SupplyTestClient(mvc, json, accounts, tokens);
        supplier = client.supplier().get("id").asLong();
        JsonNode items = client.read(client.get("/api/v1/products?limit=2&sort=price_asc"))
                .get("items");
        a = items.get(0).get("id").asLong();
        b = items.get(1).get("id").asLong();
    }

    @Test
    void aValidFileIsImportedWholeAndAddsEachProductsSummedQuantity() throws Exception {
        int stockA = stock(a);
        int stockB = stock(b);
        String csv = """
                supplier_id,product_id,quantity,unit_cost,received_at
                %d,%d,10,250,2026-01-05T08:00:00Z
                %d,%d,5,100,2026-01-06

                %d,%d,7,250,
                """.formatted(supplier, a, supplier, b, supplier, a);
        client.importCsv(csv)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.imported").value(3))
                .andExpect(jsonPath("$.products").value(2))
                .andExpect(jsonPath("$.totalValue").value(10 * 250 + 5 * 100 + 7 * 250))
                .andExpect(jsonPath("$.receivedFrom").value("2026-01-05T08:00:00Z"));
        assertThat(stock(a)).isEqualTo(stockA + 17);
        assertThat(stock(b)).isEqualTo(stockB + 5);
        assertThat(deliveries()).isEqualTo(3);
    }

    @Test
    void oneBadLineRejectsTheWholeFileAndEveryBadLineIsNamed() throws Exception {
        int stockA = stock(a);
        String csv = """
                supplier_id,product_id,quantity,unit_cost,received_at
                %d,%d,10,250,2026-01-05T08:00:00Z
                %d,%d,0,250,2026-01-05T08:00:00Z
                %d,999999999,1,1,2026-01-05
                999999999,%d,1,1,2026-01-05
                %d,%d,1,-4,not a date
                %d,%d,1
                """.formatted(supplier, a, supplier, a, supplier, a, supplier, a, supplier, a);
        client.importCsv(csv)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("5 of 6 lines are invalid; nothing was imported"))
                .andExpect(jsonPath("$.errors['line 2']").doesNotExist())
                .andExpect(jsonPath("$.errors['line 3']").value("quantity: must be a whole number from 1 to 1000000"))
                .andExpect(jsonPath("$.errors['line 4']").value("product_id: no product with id 999999999"))
                .andExpect(jsonPath("$.errors['line 5']").value("supplier_id: no supplier with id 999999999"))
                .andExpect(jsonPath("$.errors['line 6']")
                        .value("unit_cost: must be a whole number from 0 to 1000000000000; received_at: must be an "
                                + "ISO-8601 instant such as 2026-11-01T10:00:00Z or a date"))
                .andExpect(jsonPath("$.errors['line 7']").value("expected 5 values, found 3"));
        assertThat(stock(a)).isEqualTo(stockA);
        assertThat(deliveries()).isZero();
    }

    @Test
    void headersEmptyFilesAndInactiveSuppliersAreRefused() throws Exception {
        client.importCsv("product,qty\n1,2\n")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors['line 1']").exists());
        client.importCsv("\n\n").andExpect(status().isBadRequest());
        client.importCsv("supplier_id,product_id,quantity,unit_cost\n")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors['line 2']").value("no deliveries after the header"));
        client.delete("/api/v1/admin/supply/suppliers/" + supplier);
        client.importCsv("supplier_id,product_id,quantity,unit_cost\n%d,%d,1,1\n".formatted(supplier, a))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors['line 2']").value("supplier_id: supplier " + supplier + " is inactive"));
        assertThat(deliveries()).isZero();
    }

    @Test
    void anImportCostsTheSameStatementsWhateverItsLength() throws Exception {
        int stockA = stock(a);
        MvcResult small =
                client.importCsv(csv(10)).andExpect(status().isCreated()).andReturn();
        MvcResult large = client.importCsv(csv(2_000))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.imported").value(2_000))
                .andReturn();
        int statements = (Integer) small.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
        assertThat(statements).isBetween(1, 4);
        assertThat((Integer) large.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE))
                .isEqualTo(statements);
        assertThat(stock(a)).isEqualTo(stockA + 5 + 1_000);
        assertThat(deliveries()).isEqualTo(2_010);
    }

    private String csv(int lines) {
        StringBuilder csv = new StringBuilder("supplier_id,product_id,quantity,unit_cost\n");
        for (int i = 0; i < lines; i++) {
            csv.append(supplier).append(',').append(i % 2 == 0 ? a : b).append(",1,10\n");
        }
        return csv.toString();
    }

    private int stock(long productId) {
        return jdbc.sql("select stock from products where id = :id")
                .param("id", productId)
                .query(Integer.class)
                .single();
    }

    private long deliveries() {
        return jdbc.sql("select count(*) from deliveries where supplier_id = :s")
                .param("s", supplier)
                .query(Long.class)
                .single();
    }
}
