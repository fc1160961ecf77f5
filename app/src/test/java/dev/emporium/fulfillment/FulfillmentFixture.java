package dev.emporium.fulfillment;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.platform.db.RequestStatements;
import dev.emporium.support.TestTokens;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users with each role, fresh parcel codes that never collide with generated ones or other tests'
 * ({@code P-T…}/{@code C-T…}), and the fulfillment endpoints driven as a scanner would. The realistic
 * data set is loaded once per test JVM, before any test writes a parcel: the loader replaces all.
 */
final class FulfillmentFixture {

    /** Parcels and events the query-plan tests need: large enough that the planner behaves as at scale 1. */
    static final long PARCELS = 60_000;

    static final long SCANS = 375_000;

    private static boolean loaded;

    record User(long id, String bearer) {}

    private final MockMvc mvc;
    private final JsonMapper json;
    private final AccountService accounts;
    private final JwtEncoder tokens;
    private final JdbcClient jdbc;

    FulfillmentFixture(MockMvc mvc, JsonMapper json, AccountService accounts, JwtEncoder tokens, JdbcClient jdbc) {
        this.mvc = mvc;
        this.json = json;
        this.accounts = accounts;
        this.tokens = tokens;
        this.jdbc = jdbc;
    }

    static synchronized void ensureLoaded(FulfillmentBulkLoader loader) {
        if (!loaded) {
            loader.generate(PARCELS, SCANS, 42);
            loaded = true;
        }
    }

    User user(Role role) {
        String email = "fulfillment-" + UUID.randomUUID() + "@example.test";
        long id = accounts.createUser(email, "not used by these tests", "Fulfillment " + role, role);
        return new User(id, TestTokens.bearer(tokens, id, role.name()));
    }

    static String parentCode() {
        return "P-T"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase(Locale.ROOT);
    }

    static String childCode() {
        return "C-T"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase(Locale.ROOT);
    }

    static String scanId() {
        return "s-" + UUID.randomUUID();
    }

    ResultActions scan(User user, Map<String, ?> body) throws Exception {
        return mvc.perform(post("/api/v1/fulfillment/scans")
                .header("Authorization", user.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body)));
    }

    ResultActions scan(User user, String qr, String area, String status) throws Exception {
        return scan(
                user,
                status == null
                        ? Map.of("scanId", scanId(), "qr", qr, "area", area)
                        : Map.of("scanId", scanId(), "qr", qr, "area", area, "status", status));
    }

    ResultActions link(User user, String parentQr, String childQr) throws Exception {
        return mvc.perform(post("/api/v1/fulfillment/parcels/" + parentQr + "/children")
                .header("Authorization", user.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("childQr", childQr))));
    }

    ResultActions batch(User user, Object body) throws Exception {
        return mvc.perform(post("/api/v1/fulfillment/scans:batch")
                .header("Authorization", user.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body instanceof String s ? s : json.writeValueAsString(body)));
    }

    ResultActions get(User user, String path) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path)
                .header("Authorization", user.bearer()));
    }

    JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    static int statements(ResultActions result) {
        return (Integer) result.andReturn().getRequest().getAttribute(RequestStatements.COUNT_ATTRIBUTE);
    }

    long events(String qr) {
        Long count = jdbc.sql(
                        "select count(*) from scan_events e join parcels p on p.id = e.parcel_id where p.qr = :qr")
                .param("qr", qr)
                .query(Long.class)
                .single();
        return count == null ? 0 : count;
    }

    /** A placed order of some customer (only its id matters to a parcel), written directly. */
    long order() {
        Long id = jdbc.sql("""
                        insert into orders (customer_id, status, total, currency, line_count)
                        select id, 'PLACED', 100, 'EUR', 1 from users order by id limit 1
                        returning id
                        """).query(Long.class).single();
        return java.util.Objects.requireNonNull(id, "a user exists in every test database");
    }

    long parcels(String qr) {
        Long count = jdbc.sql("select count(*) from parcels where qr = :qr")
                .param("qr", qr)
                .query(Long.class)
                .single();
        return count == null ? 0 : count;
    }

    String status(String qr) {
        return jdbc.sql("select status from parcels where qr = :qr")
                .param("qr", qr)
                .query(String.class)
                .single();
    }
}
