package dev.emporium.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.account.AccountService;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class SupplyControllerTests {

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

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
        client = new SupplyTestClient(mvc, json, accounts, tokens);
    }

    @Test
    void adminCreatesReadsRenamesAndDeactivatesASupplierWithItsLedgerAccount() throws Exception {
        JsonNode created = client.supplier();
        long id = created.get("id").asLong();
        assertThat(created.get("email").asString()).isEqualTo("sales@example.test");
        assertThat(created.get("currency").asString()).isEqualTo("EUR");
        assertThat(created.get("active").asBoolean()).isTrue();
        String kind = jdbc.sql("select kind from wallet_accounts where id = :id")
                .param("id", created.get("accountId").asLong())
                .query(String.class)
                .single();
        assertThat(kind).isEqualTo("SUPPLIER");

        client.get("/api/v1/admin/supply/suppliers/" + id).andExpect(status().isOk());
        client.patch("/api/v1/admin/supply/suppliers/" + id, Map.of("name", "Renamed " + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Renamed " + id))
                .andExpect(jsonPath("$.email").value("sales@example.test"));
        client.delete("/api/v1/admin/supply/suppliers/" + id).andExpect(status().isNoContent());
        client.get("/api/v1/admin/supply/suppliers/" + id)
                .andExpect(jsonPath("$.active").value(false));
    }

    @Test
    void supplierNamesAreUniqueIgnoringCaseAndUnknownIdsAre404() throws Exception {
        JsonNode created = client.supplier();
        client.post(
                        "/api/v1/admin/supply/suppliers",
                        Map.of("name", created.get("name").asString().toUpperCase()))
                .andExpect(status().isConflict());
        client.get("/api/v1/admin/supply/suppliers/999999999").andExpect(status().isNotFound());
        client.patch("/api/v1/admin/supply/suppliers/999999999", Map.of("active", true))
                .andExpect(status().isNotFound());
        client.post("/api/v1/admin/supply/suppliers", Map.of("name", " ")).andExpect(status().isBadRequest());
        client.post("/api/v1/admin/supply/suppliers", Map.of("name", "X", "currency", "euro"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void customersCannotReachSupply() throws Exception {
        mvc.perform(MockMvcRequestBuilders.get("/api/v1/admin/supply/suppliers")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 2, "CUSTOMER")))
                .andExpect(status().isForbidden());
    }

    @Test
    void supplierListWalksEveryActiveSupplierByCursor() throws Exception {
        for (int i = 0; i < 3; i++) {
            client.supplier();
        }
        Set<Long> seen = new HashSet<>();
        String cursor = null;
        long previous = 0;
        int pages = 0;
        do {
            JsonNode page = client.read(client.get("/api/v1/admin/supply/suppliers?limit=500&active=true"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .andExpect(status().isOk()));
            for (JsonNode item : page.get("items")) {
                assertThat(item.get("id").asLong()).isGreaterThan(previous);
                assertThat(item.get("active").asBoolean()).isTrue();
                previous = item.get("id").asLong();
                assertThat(seen.add(previous)).isTrue();
            }
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 100);
        long active = jdbc.sql("select count(*) from suppliers where active")
                .query(Long.class)
                .single();
        assertThat((long) seen.size()).isEqualTo(active);
        client.get("/api/v1/admin/supply/suppliers?cursor=abc").andExpect(status().isBadRequest());
        client.get("/api/v1/admin/supply/suppliers?limit=0").andExpect(status().isBadRequest());
    }

    @Test
    void aDeliveryAddsStockAndDropsOnlyThatProductsDetailFromTheCache() throws Exception {
        long supplier = client.supplier().get("id").asLong();
        JsonNode product = productInAPage();
        long productId = product.get("id").asLong();
        long category = product.get("categoryId").asLong();
        String listUrl = "/api/v1/products?category=" + category + "&sort=price_asc&limit=3";
        String detailUrl = "/api/v1/products/" + productId;
        mvc.perform(MockMvcRequestBuilders.get(detailUrl));
        mvc.perform(MockMvcRequestBuilders.get(detailUrl)).andExpect(header().string("X-Cache", "HIT"));
        mvc.perform(MockMvcRequestBuilders.get(listUrl));
        mvc.perform(MockMvcRequestBuilders.get(listUrl)).andExpect(header().string("X-Cache", "HIT"));
        int before = stock(productId);

        client.postWithKey(
                        "/api/v1/admin/supply/deliveries",
                        SupplyTestClient.key(),
                        Map.of("supplierId", supplier, "productId", productId, "quantity", 25, "unitCost", 1200))
                .andExpect(status().isCreated())
                .andExpect(header().exists(HttpHeaders.LOCATION))
                .andExpect(jsonPath("$.value").value(30_000));

        assertThat(stock(productId)).isEqualTo(before + 25);
        mvc.perform(MockMvcRequestBuilders.get(detailUrl))
                .andExpect(header().string("X-Cache", "MISS"))
                .andExpect(jsonPath("$.stock").value(before + 25));
        mvc.perform(MockMvcRequestBuilders.get(listUrl)).andExpect(header().string("X-Cache", "HIT"));
    }

    @Test
    void aRetriedDeliveryAnswersTheFirstOneAndAddsItsStockOnce() throws Exception {
        long supplier = client.supplier().get("id").asLong();
        long productId = productInAPage().get("id").asLong();
        int before = stock(productId);
        String key = SupplyTestClient.key();
        Map<String, Object> body =
                Map.of("supplierId", supplier, "productId", productId, "quantity", 7, "unitCost", 300);
        String path = "/api/v1/admin/supply/deliveries";

        JsonNode first = client.read(client.postWithKey(path, key, body)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "false")));
        JsonNode again = client.read(client.postWithKey(path, key, body)
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string(
                                HttpHeaders.LOCATION,
                                org.hamcrest.Matchers.endsWith(
                                        "/" + first.get("id").asLong()))));

        assertThat(again).isEqualTo(first);
        assertThat(stock(productId)).isEqualTo(before + 7);
        assertThat(deliveriesOf(supplier)).isEqualTo(1);

        client.postWithKey(
                        path,
                        key,
                        Map.of("supplierId", supplier, "productId", productId, "quantity", 8, "unitCost", 300))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("idempotency_key_reused"));
        client.postWithKey(path, null, body)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors['Idempotency-Key']").exists());
        assertThat(stock(productId)).isEqualTo(before + 7);
        assertThat(deliveriesOf(supplier)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyRecordOneDelivery() throws Exception {
        long supplier = client.supplier().get("id").asLong();
        long productId = productInAPage().get("id").asLong();
        int before = stock(productId);
        String key = SupplyTestClient.key();
        Map<String, Object> body =
                Map.of("supplierId", supplier, "productId", productId, "quantity", 3, "unitCost", 10);
        List<java.util.concurrent.Future<JsonNode>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                answers.add(
                        pool.submit(() -> client.read(client.postWithKey("/api/v1/admin/supply/deliveries", key, body)
                                .andExpect(status().isCreated()))));
            }
        }
        Set<Long> ids = new HashSet<>();
        for (var answer : answers) {
            ids.add(answer.get().get("id").asLong());
        }
        assertThat(ids).hasSize(1);
        assertThat(deliveriesOf(supplier)).isEqualTo(1);
        assertThat(stock(productId)).isEqualTo(before + 3);
    }

    @Test
    void aDeliveryIsRefusedWithoutAddingStockWhenItsSupplierOrProductIsWrong() throws Exception {
        long supplier = client.supplier().get("id").asLong();
        long productId = productInAPage().get("id").asLong();
        int before = stock(productId);
        client.postWithKey(
                        "/api/v1/admin/supply/deliveries",
                        SupplyTestClient.key(),
                        Map.of("supplierId", 999_999_999L, "productId", productId, "quantity", 5, "unitCost", 1))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.supplierId").exists());
        client.postWithKey(
                        "/api/v1/admin/supply/deliveries",
                        SupplyTestClient.key(),
                        Map.of("supplierId", supplier, "productId", 999_999_999L, "quantity", 5, "unitCost", 1))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.productId").exists());
        client.postWithKey(
                        "/api/v1/admin/supply/deliveries",
                        SupplyTestClient.key(),
                        Map.of("supplierId", supplier, "productId", productId, "quantity", 0, "unitCost", 1))
                .andExpect(status().isBadRequest());
        client.postWithKey(
                        "/api/v1/admin/supply/deliveries",
                        SupplyTestClient.key(),
                        Map.of(
                                "supplierId",
                                supplier,
                                "productId",
                                productId,
                                "quantity",
                                1,
                                "unitCost",
                                1,
                                "receivedAt",
                                "2999-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.receivedAt").exists());
        client.delete("/api/v1/admin/supply/suppliers/" + supplier).andExpect(status().isNoContent());
        client.postWithKey(
                        "/api/v1/admin/supply/deliveries",
                        SupplyTestClient.key(),
                        Map.of("supplierId", supplier, "productId", productId, "quantity", 5, "unitCost", 1))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("supplier_inactive"));
        assertThat(stock(productId)).isEqualTo(before);
        assertThat(deliveriesOf(supplier)).isZero();
    }

    @Test
    void deliveryListFiltersAndWalksByCursorNewestFirstWithoutGaps() throws Exception {
        long supplier = client.supplier().get("id").asLong();
        JsonNode two = client.read(client.get("/api/v1/products?limit=2&sort=price_desc"))
                .get("items");
        long productId = two.get(0).get("id").asLong();
        long otherId = two.get(1).get("id").asLong();
        StringBuilder csv = new StringBuilder("supplier_id,product_id,quantity,unit_cost,received_at\n");
        for (int i = 0; i < 23; i++) {
            // two deliveries share each timestamp: the id breaks the tie
            csv.append(supplier)
                    .append(',')
                    .append(i % 2 == 0 ? productId : otherId)
                    .append(",1,100,2020-03-")
                    .append(String.format("%02d", 1 + i / 2))
                    .append("T12:00:00Z\n");
        }
        client.importCsv(csv.toString()).andExpect(status().isCreated());
        List<Long> walked = new ArrayList<>();
        String cursor = null;
        String previousAt = null;
        do {
            JsonNode page = client.read(client.get("/api/v1/admin/supply/deliveries?limit=5&supplierId=" + supplier
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .andExpect(status().isOk()));
            assertThat(page.get("total").asLong()).isEqualTo(23);
            for (JsonNode item : page.get("items")) {
                String at = item.get("receivedAt").asString();
                if (previousAt != null) {
                    assertThat(at.compareTo(previousAt)).isLessThanOrEqualTo(0);
                }
                previousAt = at;
                walked.add(item.get("id").asLong());
            }
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(walked).hasSize(23).doesNotHaveDuplicates();

        JsonNode window = client.read(client.get("/api/v1/admin/supply/deliveries?supplierId=" + supplier
                + "&productId=" + productId + "&from=2020-03-02&to=2020-03-04"));
        // days 2, 3 and 4 (to is inclusive for a date) hold deliveries i = 2..7, of which the even ones are this
        // product
        assertThat(window.get("items")).hasSize(3);
        assertThat(window.get("totalExact").asBoolean()).isTrue();
        client.get("/api/v1/admin/supply/deliveries?from=2020-03-04&to=2020-03-02")
                .andExpect(status().isBadRequest());
        client.get("/api/v1/admin/supply/deliveries?cursor=nonsense").andExpect(status().isBadRequest());
        client.get("/api/v1/admin/supply/deliveries?from=yesterday").andExpect(status().isBadRequest());
        client.get("/api/v1/admin/supply/deliveries/" + walked.getFirst()).andExpect(status().isOk());
        client.get("/api/v1/admin/supply/deliveries/999999999999").andExpect(status().isNotFound());
    }

    private JsonNode productInAPage() throws Exception {
        JsonNode page = client.read(client.get("/api/v1/products?limit=1&sort=price_desc"));
        return page.get("items").get(0);
    }

    private int stock(long productId) {
        return jdbc.sql("select stock from products where id = :id")
                .param("id", productId)
                .query(Integer.class)
                .single();
    }

    private long deliveriesOf(long supplier) {
        return jdbc.sql("select count(*) from deliveries where supplier_id = :s")
                .param("s", supplier)
                .query(Long.class)
                .single();
    }
}
