package dev.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.platform.db.RequestStatements;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class OrderControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

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
    void placingAnOrderTakesStockChargesTheWalletAndAnswersTheOrder() throws Exception {
        long customer = fixture.customer(50_000);
        long a = fixture.product(1_250, 10);
        long b = fixture.product(399, 5);
        long before = fixture.balance(customer);

        JsonNode order = read(place(customer, key(), lines(a, 2, b, 3))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "false"))
                .andExpect(jsonPath("$.status").value("PLACED"))
                .andExpect(jsonPath("$.total").value(2 * 1_250 + 3 * 399))
                .andExpect(jsonPath("$.currency").value("EUR"))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].productId").value(a))
                .andExpect(jsonPath("$.items[0].lineTotal").value(2_500))
                .andExpect(jsonPath("$.items[1].quantity").value(3)));

        assertThat(fixture.stock(a)).isEqualTo(8);
        assertThat(fixture.stock(b)).isEqualTo(2);
        assertThat(fixture.balance(customer)).isEqualTo(before - 3_697);
        long id = order.get("id").asLong();
        assertThat(jdbc.sql("select count(*) from wallet_transfers where kind = 'ORDER_PAYMENT' and reference = :r")
                        .param("r", "order:" + id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        mvc.perform(get("/api/v1/orders/" + id).header("Authorization", fixture.bearer(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.items[1].name").isString());
        fixture.assertLedgerBalanced();
    }

    @Test
    void theSameKeyAndBodyReplayTheOrderAndADifferentBodyIsRefused() throws Exception {
        long customer = fixture.customer(50_000);
        long a = fixture.product(1_000, 10);
        String key = key();
        long first = read(place(customer, key, lines(a, 1)).andExpect(status().isCreated()))
                .get("id")
                .asLong();
        place(customer, key, lines(a, 1))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.id").value(first));
        place(customer, key, lines(a, 2))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("idempotency_key_reused"));
        assertThat(fixture.stock(a)).isEqualTo(9);
    }

    @Test
    void notEnoughStockIsAConflictNamingEveryShortProductAndChangesNothing() throws Exception {
        long customer = fixture.customer(50_000);
        long plenty = fixture.product(100, 10);
        long few = fixture.product(100, 1);
        long none = fixture.product(100, 0);
        long before = fixture.balance(customer);
        place(customer, key(), lines(plenty, 2, few, 2, none, 1))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("insufficient_stock"))
                .andExpect(jsonPath("$.shortages.length()").value(2))
                .andExpect(jsonPath("$.shortages[0].productId").value(few))
                .andExpect(jsonPath("$.shortages[0].available").value(1))
                .andExpect(jsonPath("$.shortages[1].productId").value(none));
        assertThat(List.of(fixture.stock(plenty), fixture.stock(few), fixture.stock(none)))
                .containsExactly(10, 1, 0);
        assertThat(fixture.balance(customer)).isEqualTo(before);
        assertThat(ordersOf(customer, plenty)).isZero();
    }

    @Test
    void notEnoughMoneyIsUnprocessableAndChangesNothing() throws Exception {
        long customer = fixture.customer(1);
        long before = fixture.balance(customer);
        long dear = fixture.product(before + 1, 3);
        String key = key();
        place(customer, key, lines(dear, 1))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("insufficient_funds"));
        assertThat(fixture.stock(dear)).isEqualTo(3);
        assertThat(fixture.balance(customer)).isEqualTo(before);
        assertThat(ordersOf(customer, dear)).isZero();
        assertThat(jdbc.sql("select count(*) from wallet_idempotency_keys where user_id = :u and key = :k")
                        .param("u", customer)
                        .param("k", key)
                        .query(Long.class)
                        .single())
                .as("a failed order leaves its key unused")
                .isZero();
    }

    @Test
    void badInputIsRejectedWithAProblemAndWritesNothing() throws Exception {
        long customer = fixture.customer(50_000);
        long a = fixture.product(100, 10);
        long inactive = fixture.product(100, 10, false);
        long before = fixture.balance(customer);
        List<Object> bodies = List.of(
                Map.of("items", List.of()),
                Map.of(),
                "{\"items\":[null]}",
                lines(a, 1, a, 2),
                lines(a, 0),
                lines(a, -1),
                lines(a, 101),
                lines(0, 1),
                lines(Long.MAX_VALUE, 1),
                lines(inactive, 1),
                Map.of("items", List.of(Map.of("productId", a))),
                "{\"items\":[{\"productId\":\"x\",\"quantity\":1}]}",
                "not json");
        for (Object body : bodies) {
            place(customer, key(), body)
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string(
                                    "Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")));
        }
        place(customer, null, lines(a, 1)).andExpect(status().isBadRequest());
        place(customer, "short", lines(a, 1)).andExpect(status().isBadRequest());
        assertThat(fixture.stock(a)).isEqualTo(10);
        assertThat(fixture.stock(inactive)).isEqualTo(10);
        assertThat(fixture.balance(customer)).isEqualTo(before);
        assertThat(ordersOf(customer, a)).isZero();
    }

    @Test
    void anotherCustomersOrderIsNotFound() throws Exception {
        long owner = fixture.customer(50_000);
        long stranger = fixture.customer(0);
        long a = fixture.product(100, 10);
        long id = read(place(owner, key(), lines(a, 1))).get("id").asLong();
        mvc.perform(get("/api/v1/orders/" + id).header("Authorization", fixture.bearer(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/orders/" + id + "/cancel").header("Authorization", fixture.bearer(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/orders/999999999999").header("Authorization", fixture.bearer(owner)))
                .andExpect(status().isNotFound());
        assertThat(fixture.stock(a)).isEqualTo(9);
    }

    @Test
    void cancellingRestocksAndRefundsOnceAndShippedOrdersCannotBeCancelled() throws Exception {
        long customer = fixture.customer(50_000);
        long a = fixture.product(700, 10);
        long before = fixture.balance(customer);
        long id = read(place(customer, key(), lines(a, 4))).get("id").asLong();
        assertThat(fixture.balance(customer)).isEqualTo(before - 2_800);

        for (int i = 0; i < 2; i++) {
            cancel(customer, id)
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("CANCELLED"));
        }
        assertThat(fixture.stock(a)).isEqualTo(10);
        assertThat(fixture.balance(customer)).isEqualTo(before);
        ship(id).andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("order_cancelled"));

        long shipped = read(place(customer, key(), lines(a, 1))).get("id").asLong();
        ship(shipped).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SHIPPED"));
        ship(shipped).andExpect(status().isOk());
        cancel(customer, shipped)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("order_shipped"));
        assertThat(fixture.stock(a)).isEqualTo(9);
        ship(999_999_999_999L).andExpect(status().isNotFound());
        fixture.assertLedgerBalanced();
    }

    @Test
    void historyIsNewestFirstByKeysetWithFiltersAndBadParametersAreRejected() throws Exception {
        long customer = fixture.customer(5_000);
        long a = fixture.product(100, 100);
        List<Long> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(read(place(customer, key(), lines(a, 1))).get("id").asLong());
        }
        cancel(customer, placed.get(1)).andExpect(status().isOk());
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            String url = "/api/v1/orders?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = read(mvc.perform(get(url).header("Authorization", fixture.bearer(customer)))
                    .andExpect(status().isOk()));
            page.get("items").forEach(o -> seen.add(o.get("id").asLong()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        List<Long> mine = seen.stream().filter(placed::contains).toList();
        assertThat(mine).containsExactlyElementsOf(placed.reversed());

        mvc.perform(get("/api/v1/orders?status=CANCELLED").header("Authorization", fixture.bearer(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.id == " + placed.get(1) + ")]").exists())
                .andExpect(jsonPath("$.items[?(@.status != 'CANCELLED')]").isEmpty());
        mvc.perform(get("/api/v1/orders?from=2999-01-01T00:00:00Z").header("Authorization", fixture.bearer(customer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty())
                .andExpect(jsonPath("$.total").value(0));
        for (String bad : List.of(
                "status=LOST",
                "from=yesterday",
                "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "cursor=abc",
                "limit=0",
                "limit=501")) {
            mvc.perform(get("/api/v1/orders?" + bad).header("Authorization", fixture.bearer(customer)))
                    .andExpect(status().isBadRequest());
        }
    }

    @Test
    void adminListsFilterByStatusCustomerAndDateAndCustomersCannotUseThem() throws Exception {
        long customer = fixture.customer(50_000);
        long a = fixture.product(100, 100);
        long id = read(place(customer, key(), lines(a, 1))).get("id").asLong();
        String admin = fixture.adminBearer();
        mvc.perform(get("/api/v1/admin/orders?customerId=" + customer + "&status=PLACED&limit=5")
                        .header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(id))
                .andExpect(jsonPath("$.items[0].customerId").value(customer));
        mvc.perform(get("/api/v1/admin/orders?status=SHIPPED&limit=3").header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(3))
                .andExpect(jsonPath("$.items[?(@.status != 'SHIPPED')]").isEmpty())
                .andExpect(jsonPath("$.nextCursor").isString());
        mvc.perform(get("/api/v1/admin/orders?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&limit=500")
                        .header("Authorization", admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.createdAt < '2026-01-01')]").isEmpty());
        mvc.perform(get("/api/v1/admin/orders?customerId=0").header("Authorization", admin))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/admin/orders").header("Authorization", fixture.bearer(customer)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/admin/orders/" + id + "/ship").header("Authorization", fixture.bearer(customer)))
                .andExpect(status().isForbidden());
    }

    @Test
    void listAndDetailCostTheSameStatementsWhateverTheNumberOfLines() throws Exception {
        long small = fixture.customer(5_000);
        long large = fixture.customer(5_000);
        long[] products = new long[20];
        for (int i = 0; i < products.length; i++) {
            products[i] = fixture.product(10, 100);
        }
        long one = read(place(small, key(), lines(products[0], 1))).get("id").asLong();
        List<Map<String, Object>> many = new ArrayList<>();
        for (long p : products) {
            many.add(Map.of("productId", p, "quantity", 1));
        }
        long twenty = 0;
        for (int i = 0; i < 3; i++) {
            twenty = read(place(large, key(), Map.of("items", many))).get("id").asLong();
            read(place(small, key(), lines(products[1], 1)));
        }
        int detailOne = statements(get("/api/v1/orders/" + one), small);
        int detailTwenty = statements(get("/api/v1/orders/" + twenty), large);
        int listOne = statements(get("/api/v1/orders?limit=50"), small);
        int listTwenty = statements(get("/api/v1/orders?limit=50"), large);
        assertThat(detailOne).isEqualTo(detailTwenty).isEqualTo(1);
        assertThat(listOne).isEqualTo(listTwenty).isEqualTo(3);

        int placeOne = statements(post("/api/v1/orders"), small, key(), lines(products[2], 1));
        int placeTwenty = statements(post("/api/v1/orders"), large, key(), Map.of("items", many));
        assertThat(placeOne).isEqualTo(placeTwenty).isLessThanOrEqualTo(6);
    }

    private int statements(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, long user)
            throws Exception {
        MvcResult result = mvc.perform(request.header("Authorization", fixture.bearer(user)))
                .andExpect(status().is2xxSuccessful())
                .andReturn();
        return (Integer) result.getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
    }

    private int statements(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            long user,
            String key,
            Object body)
            throws Exception {
        return statements(
                request.header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(body)),
                user);
    }

    private long ordersOf(long customer, long product) {
        return jdbc.sql("""
                        select count(*) from orders o join order_lines l on l.order_id = o.id
                         where o.customer_id = :c and l.product_id = :p
                        """)
                .param("c", customer)
                .param("p", product)
                .query(Long.class)
                .single();
    }

    ResultActions place(long customer, String key, Object body) throws Exception {
        var request = post("/api/v1/orders")
                .header("Authorization", fixture.bearer(customer))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body instanceof String s ? s : json.writeValueAsString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return mvc.perform(request);
    }

    ResultActions cancel(long customer, long id) throws Exception {
        return mvc.perform(post("/api/v1/orders/" + id + "/cancel").header("Authorization", fixture.bearer(customer)));
    }

    ResultActions ship(long id) throws Exception {
        return mvc.perform(post("/api/v1/admin/orders/" + id + "/ship").header("Authorization", fixture.adminBearer()));
    }

    static String key() {
        return "order-" + UUID.randomUUID();
    }

    static Map<String, Object> lines(long... productAndQuantity) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            items.add(Map.of("productId", productAndQuantity[i], "quantity", productAndQuantity[i + 1]));
        }
        return Map.of("items", items);
    }

    JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
