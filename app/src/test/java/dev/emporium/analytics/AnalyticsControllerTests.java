package dev.emporium.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.emporium.platform.db.MaterializedViewRefresher;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.seed.DataGenerator;
import dev.emporium.support.IntegrationTest;
import dev.emporium.support.TestData;
import dev.emporium.support.TestTokens;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard endpoints over HTTP: who may call them, their answers, one statement each, and 400s. */
@IntegrationTest
class AnalyticsControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JwtEncoder tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataGenerator generator;

    @Autowired
    MaterializedViewRefresher refresher;

    @Autowired
    JsonMapper json;

    private static boolean refreshed;

    @BeforeEach
    void setUp() {
        TestData.ensureLoaded(generator, jdbc);
        synchronized (AnalyticsControllerTests.class) {
            if (!refreshed) {
                refresher.refreshNow(AnalyticsViews.DASHBOARD);
                refresher.refreshNow(AnalyticsViews.DAILY_SALES);
                refresher.refreshNow(AnalyticsViews.PRODUCT_SALES);
                refreshed = true;
            }
        }
    }

    private ResultActions admin(String path) throws Exception {
        return mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 1, "ADMIN")));
    }

    private static int statements(ResultActions result) {
        return (Integer) result.andReturn().getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    @Test
    void statsAnswerTheCountersWithAsOfInOneStatement() throws Exception {
        ResultActions result = admin("/api/v1/admin/stats").andExpect(status().isOk());
        assertThat(statements(result)).isEqualTo(1);
        JsonNode stats = body(result);
        assertThat(Instant.parse(stats.get("asOf").asString()))
                .isEqualTo(refresher.refreshedAt(AnalyticsViews.DASHBOARD).orElseThrow());
        assertThat(stats.get("products").asLong()).isGreaterThanOrEqualTo(TestData.SIZE.products() / 2);
        // other test classes sharing this database add categories of their own
        assertThat(stats.get("categories").asLong()).isGreaterThanOrEqualTo(TestData.SIZE.categories());
        assertThat(stats.get("customers").asLong()).isGreaterThanOrEqualTo(TestData.SIZE.customers());
        assertThat(stats.get("ordersToday").asLong()).isNotNegative();
        assertThat(stats.get("today").isArray()).isTrue();
        assertThat(stats.get("parcelsByStatus").isArray()).isTrue();
        assertThat(stats.get("scansLastHour").asLong()).isNotNegative();
    }

    @Test
    void onlyAdminsReadTheDashboard() throws Exception {
        for (String path :
                new String[] {"/api/v1/admin/stats", "/api/v1/admin/sales/daily", "/api/v1/admin/sales/top-products"}) {
            mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 2, "CUSTOMER")))
                    .andExpect(status().isForbidden());
            mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tokens, 3, "STAFF")))
                    .andExpect(status().isForbidden());
            mvc.perform(get(path)).andExpect(status().isUnauthorized());
        }
    }

    @Test
    void dailySalesDefaultToTheLastThirtyDaysOverAllCategories() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ResultActions result = admin("/api/v1/admin/sales/daily").andExpect(status().isOk());
        assertThat(statements(result)).isEqualTo(1);
        JsonNode daily = body(result);
        assertThat(daily.get("from").asString()).isEqualTo(today.minusDays(29).toString());
        assertThat(daily.get("to").asString()).isEqualTo(today.toString());
        assertThat(daily.get("categoryId").isNull()).isTrue();
        // the generated history has orders every day of the year before today
        assertThat(daily.get("days").size()).isGreaterThanOrEqualTo(25);
        for (JsonNode day : daily.get("days")) {
            assertThat(day.get("orders").asLong()).isPositive();
            assertThat(day.get("revenue").asLong()).isPositive();
        }
    }

    @Test
    void dailySalesOfOneCategoryAreAtMostThoseOfAll() throws Exception {
        Long category = jdbc.sql("""
                        select p.category_id from order_lines l join products p on p.id = l.product_id
                         group by p.category_id order by count(*) desc limit 1
                        """).query(Long.class).single();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String range = "from=" + today.minusDays(200) + "&to=" + today;
        JsonNode all = body(admin("/api/v1/admin/sales/daily?" + range).andExpect(status().isOk()));
        JsonNode one = body(admin("/api/v1/admin/sales/daily?" + range + "&category=" + category)
                .andExpect(status().isOk()));
        assertThat(one.get("categoryId").asLong()).isEqualTo(category);
        assertThat(one.get("days").size()).isPositive();
        long allUnits = 0;
        long oneUnits = 0;
        for (JsonNode d : all.get("days")) {
            allUnits += d.get("units").asLong();
        }
        for (JsonNode d : one.get("days")) {
            oneUnits += d.get("units").asLong();
        }
        assertThat(oneUnits).isPositive().isLessThan(allUnits);
        // a category without sales (none has this id) answers no days, still with asOf
        JsonNode none =
                body(admin("/api/v1/admin/sales/daily?category=999999999").andExpect(status().isOk()));
        assertThat(none.get("days").size()).isZero();
        assertThat(none.get("asOf").asString()).isNotBlank();
    }

    @Test
    void topProductsAreRankedAndBounded() throws Exception {
        ResultActions result =
                admin("/api/v1/admin/sales/top-products?by=revenue&limit=7").andExpect(status().isOk());
        assertThat(statements(result)).isEqualTo(1);
        JsonNode top = body(result);
        assertThat(top.get("days").asInt()).isEqualTo(30);
        assertThat(top.get("by").asString()).isEqualTo("revenue");
        assertThat(top.get("items").size()).isEqualTo(7);
        long previous = Long.MAX_VALUE;
        for (JsonNode item : top.get("items")) {
            assertThat(item.get("revenue").asLong()).isLessThanOrEqualTo(previous);
            previous = item.get("revenue").asLong();
        }
        JsonNode units = body(admin("/api/v1/admin/sales/top-products").andExpect(status().isOk()));
        assertThat(units.get("by").asString()).isEqualTo("units");
        assertThat(units.get("limit").asInt()).isEqualTo(10);
        assertThat(units.get("items").size()).isEqualTo(10);
    }

    @Test
    void invalidRangesAndBoundsAreProblemsNamingTheParameter() throws Exception {
        expectInvalid("/api/v1/admin/sales/daily?from=2026-03-02&to=2026-03-01", "from");
        expectInvalid("/api/v1/admin/sales/daily?from=2024-01-01&to=2025-01-01", "to");
        expectInvalid("/api/v1/admin/sales/daily?from=yesterday", "from");
        expectInvalid("/api/v1/admin/sales/daily?to=2026-02-30", "to");
        expectInvalid("/api/v1/admin/sales/daily?category=0", "category");
        expectInvalid("/api/v1/admin/sales/top-products?by=price", "by");
        expectInvalid("/api/v1/admin/sales/top-products?limit=0", "limit");
        expectInvalid("/api/v1/admin/sales/top-products?limit=101", "limit");
        // 366 days is the longest range (a leap year)
        admin("/api/v1/admin/sales/daily?from=2024-01-01&to=2024-12-31").andExpect(status().isOk());
        admin("/api/v1/admin/sales/daily?category=abc").andExpect(status().isBadRequest());
    }

    private void expectInvalid(String path, String parameter) throws Exception {
        admin(path)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors." + parameter).isString());
    }
}
