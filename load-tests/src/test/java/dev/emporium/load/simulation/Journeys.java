package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The standard mixed workload: user journeys weighted like shop traffic, shared by every simulation so
 * that open-model, closed-model and capacity runs measure the same thing.
 *
 * <pre>
 *   26.73%  browse    categories -> a category's first page -> one product from it
 *    9.9%   filter    price band sorted by price -> same band narrowed to a brand from that page
 *   19.8%   detail    three product pages, Zipf-skewed ids
 *    9.9%   search    type-ahead: suggest for each keystroke (2..6 characters) -> search -> one hit's page
 *                     (Zipf-skewed query mix of SearchQueries, misspellings included)
 *    9.9%   deep      newest products, following nextCursor five pages deep (keyset pagination)
 *    4.95%  popular   the popular list
 *    4.95%  account   login as a generated customer -> GET /me
 *    4.95%  wallet    login -> balance -> history -> a small transfer to another customer (Idempotency-Key)
 *    2.97%  order     login -> a product -> buy it and another (Idempotency-Key) -> order history -> the order
 *                     (OrderJourneys)
 *    4.95%  warehouse login as a generated STAFF member -> scan a new item bag in -> look it up
 *    1%     dashboard login as the admin -> stats -> daily sales of the last 30 days -> top products
 * </pre>
 * (the shop's journeys keep their 27/10/20/10/10/5/5/5/3/5 proportions, scaled by 0.99 to make room
 * for the admin dashboard's 1 %).
 *
 * Request names are endpoint templates ({@code GET /products/{id}}), which is what the report groups by.
 * Every request checks its status and the shape of its body; a wrong shape counts as an error.
 */
public final class Journeys {

    static final String CATEGORIES = "GET /categories";
    static final String PRODUCTS_BY_CATEGORY = "GET /products?category";
    static final String PRODUCTS_BY_PRICE = "GET /products?minPrice&maxPrice&sort=price_asc";
    static final String PRODUCTS_BY_BRAND = "GET /products?brand&minPrice&maxPrice";
    static final String PRODUCTS_CURSOR = "GET /products?sort=newest&cursor";
    static final String PRODUCT = "GET /products/{id}";
    static final String POPULAR = "GET /products/popular";
    static final String LOGIN = "POST /auth/login";
    static final String ME = "GET /me";
    static final String WALLET = "GET /wallet";
    static final String WALLET_HISTORY = "GET /wallet/transactions";
    static final String WALLET_TRANSFER = "POST /wallet/transfers";
    static final String ADMIN_LOGIN = "POST /auth/login (admin)";
    static final String PRODUCT_WRITE = "PATCH /admin/products/{id}";
    static final String SUGGEST = "GET /search/suggest";
    static final String SEARCH = "GET /search?q";
    static final String STAFF_LOGIN = "POST /auth/login (staff)";
    static final String PARCEL_SCAN = "POST /fulfillment/scans";
    static final String PARCEL = "GET /fulfillment/parcels/{qr}";
    static final String DASHBOARD_LOGIN = "POST /auth/login (dashboard)";
    static final String ADMIN_STATS = "GET /admin/stats";
    static final String DAILY_SALES = "GET /admin/sales/daily";
    static final String TOP_PRODUCTS = "GET /admin/sales/top-products";

    /**
     * Requests per mixed journey on average: browse 3, filter 2, details 3, search about 6 (a suggest
     * per keystroke for 2..6 characters, the search, a hit), deep 6, popular 1, account 2, wallet 4,
     * order 5, warehouse 3 weighted 27/10/20/10/10/5/5/5/3/5 and scaled by 0.99, dashboard 4 weighted 1
     * (follow-ups almost always happen). Used to turn a write percentage into a write rate.
     */
    static final double REQUESTS_PER_JOURNEY = 0.99
                    * (0.27 * 3
                            + 0.10 * 2
                            + 0.20 * 3
                            + 0.10 * 6
                            + 0.10 * 6
                            + 0.05 * 1
                            + 0.05 * 2
                            + 0.05 * 4
                            + 0.03 * OrderJourneys.REQUESTS
                            + 0.05 * 3)
            + 0.01 * 4;

    private static final long[][] PRICE_BANDS = {{0, 2_000}, {2_000, 5_000}, {5_000, 20_000}, {20_000, 100_000}};

    private final LoadParameters parameters;
    private final ZipfIds productIds;
    private final ZipfIds customerNumbers;
    private final SearchQueries searchQueries;
    private final OrderJourneys orders;

    public Journeys(LoadParameters parameters) {
        this.parameters = parameters;
        this.productIds = new ZipfIds(parameters.maxProductId(), parameters.zipfExponent());
        this.customerNumbers = new ZipfIds(parameters.customers(), 0.5);
        this.searchQueries = new SearchQueries(parameters.zipfExponent());
        this.orders = new OrderJourneys(parameters);
    }

    public HttpProtocolBuilder protocol() {
        return http.baseUrl(parameters.baseUrl())
                .acceptHeader("application/json")
                .acceptEncodingHeader("gzip")
                .userAgentHeader("emporium-load-tests")
                .disableCaching();
    }

    public ScenarioBuilder mixed(String name) {
        return scenario(name)
                .feed(randomValues())
                .randomSwitch()
                .on(
                        percent(26.73).then(browse()),
                        percent(9.9).then(filter()),
                        percent(19.8).then(details()),
                        percent(9.9).then(search()),
                        percent(9.9).then(deepPages()),
                        percent(4.95).then(popular()),
                        percent(4.95).then(account()),
                        percent(4.95).then(wallet()),
                        percent(2.97).then(orders.shop()),
                        percent(4.95).then(warehouse()),
                        percent(1.0).then(dashboard()));
    }

    /**
     * One admin who logs in once (and again every 200 writes, well inside the access-token lifetime)
     * and then PATCHes a Zipf-drawn product every {@code 1 / writesPerSecond} seconds: half price
     * changes (lists are invalidated), half stock changes (only the product's detail is).
     */
    public ScenarioBuilder adminWrites(String name, Duration duration) {
        Duration pace = Duration.ofNanos((long) (1_000_000_000L / parameters.writesPerSecond()));
        return scenario(name)
                .exec(session -> session.set("writes", 0))
                .during(duration)
                .on(exec(session -> session.set("writes", session.getInt("writes") + 1))
                        .doIf(session -> session.getInt("writes") % 200 == 1)
                        .then(exec(http(ADMIN_LOGIN)
                                .post("/api/v1/auth/login")
                                .body(StringBody("{\"email\":\"" + parameters.adminEmail() + "\",\"password\":\""
                                        + parameters.adminPassword() + "\"}"))
                                .asJson()
                                .check(
                                        status().is(200),
                                        jsonPath("$.accessToken").saveAs("adminToken"))))
                        .pace(pace)
                        .exec(session -> {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            String body = random.nextBoolean()
                                    ? "{\"price\":" + (100 + random.nextInt(100_000)) + "}"
                                    : "{\"stock\":" + random.nextInt(1_000) + "}";
                            return session.set("writeId", productIds.nextId()).set("writeBody", body);
                        })
                        .exec(http(PRODUCT_WRITE)
                                .patch("/api/v1/admin/products/#{writeId}")
                                .header("Authorization", "Bearer #{adminToken}")
                                .body(StringBody("#{writeBody}"))
                                .asJson()
                                .check(status().in(200, 404))));
    }

    private Iterator<Map<String, Object>> randomValues() {
        return Stream.generate(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long[] band = PRICE_BANDS[random.nextInt(PRICE_BANDS.length)];
                    long rank = customerNumbers.nextRank();
                    String query = searchQueries.next();
                    return Map.<String, Object>ofEntries(
                            Map.entry("query", query),
                            Map.entry("prefixes", SearchQueries.prefixes(query)),
                            Map.entry("productId", productIds.nextId()),
                            Map.entry("productId2", productIds.nextId()),
                            Map.entry("productId3", productIds.nextId()),
                            Map.entry("minPrice", band[0]),
                            Map.entry("maxPrice", band[1]),
                            Map.entry("email", parameters.customerEmail().formatted(rank)),
                            Map.entry(
                                    "recipient",
                                    parameters.customerEmail().formatted(rank % parameters.customers() + 1)),
                            Map.entry("amount", 1 + random.nextInt(100)),
                            Map.entry("staffEmail", "staff" + (1 + random.nextInt(STAFF)) + "@demo.emporium.dev"),
                            Map.entry(
                                    "parcelQr",
                                    "C-L"
                                            + java.util
                                                    .UUID
                                                    .randomUUID()
                                                    .toString()
                                                    .replace("-", "")
                                                    .substring(0, 24)
                                                    .toUpperCase()),
                            Map.entry("idempotencyKey", "load-" + java.util.UUID.randomUUID()));
                })
                .iterator();
    }

    private static ChainBuilder think() {
        return pause(Duration.ofMillis(200), Duration.ofMillis(800));
    }

    private ChainBuilder browse() {
        return exec(http(CATEGORIES)
                        .get("/api/v1/categories")
                        .check(
                                status().is(200),
                                jsonPath("$..id").ofInt().findRandom().saveAs("categoryId")))
                .exitHereIfFailed()
                .exec(think())
                .exec(http(PRODUCTS_BY_CATEGORY)
                        .get("/api/v1/products")
                        .queryParam("category", "#{categoryId}")
                        .queryParam("sort", "popularity")
                        .queryParam("limit", 24)
                        .check(
                                status().is(200),
                                listShape(),
                                jsonPath("$.items[*].id")
                                        .ofInt()
                                        .findRandom()
                                        .optional()
                                        .saveAs("pickedId")))
                .exec(think())
                .doIf("#{pickedId.exists()}")
                .then(exec(productDetail("#{pickedId}", false)));
    }

    private ChainBuilder filter() {
        return exec(http(PRODUCTS_BY_PRICE)
                        .get("/api/v1/products")
                        .queryParam("minPrice", "#{minPrice}")
                        .queryParam("maxPrice", "#{maxPrice}")
                        .queryParam("sort", "price_asc")
                        .queryParam("limit", 24)
                        .check(
                                status().is(200),
                                listShape(),
                                jsonPath("$.items[*].brand")
                                        .findRandom()
                                        .optional()
                                        .saveAs("brand")))
                .exec(think())
                .doIf("#{brand.exists()}")
                .then(exec(http(PRODUCTS_BY_BRAND)
                        .get("/api/v1/products")
                        .queryParam("brand", "#{brand}")
                        .queryParam("minPrice", "#{minPrice}")
                        .queryParam("maxPrice", "#{maxPrice}")
                        .queryParam("limit", 24)
                        .check(status().is(200), listShape())));
    }

    private ChainBuilder search() {
        return foreach("#{prefixes}", "prefix")
                .on(exec(http(SUGGEST)
                                .get("/api/v1/search/suggest")
                                .queryParam("q", "#{prefix}")
                                .check(status().is(200), jsonPath("$.items").exists()))
                        .pause(Duration.ofMillis(80), Duration.ofMillis(200)))
                .exec(http(SEARCH)
                        .get("/api/v1/search")
                        .queryParam("q", "#{query}")
                        .queryParam("limit", 24)
                        .check(
                                status().is(200),
                                listShape(),
                                jsonPath("$.facets").exists(),
                                jsonPath("$.items[*].id")
                                        .ofInt()
                                        .findRandom()
                                        .optional()
                                        .saveAs("hitId")))
                .exec(think())
                .doIf("#{hitId.exists()}")
                .then(exec(productDetail("#{hitId}", false)));
    }

    private ChainBuilder details() {
        return exec(productDetail("#{productId}", true))
                .exec(think())
                .exec(productDetail("#{productId2}", true))
                .exec(think())
                .exec(productDetail("#{productId3}", true));
    }

    private ChainBuilder deepPages() {
        return exec(http(PRODUCTS_CURSOR)
                        .get("/api/v1/products")
                        .queryParam("sort", "newest")
                        .queryParam("limit", 50)
                        .check(status().is(200), listShape(), cursor()))
                .repeat(5)
                .on(doIf(Journeys::hasCursor)
                        .then(exec(think())
                                .exec(session -> session.set("page", session.getString("cursor"))
                                        .remove("cursor"))
                                .exec(http(PRODUCTS_CURSOR)
                                        .get("/api/v1/products")
                                        .queryParam("sort", "newest")
                                        .queryParam("limit", 50)
                                        .queryParam("cursor", "#{page}")
                                        .check(status().is(200), listShape(), cursor()))));
    }

    private ChainBuilder popular() {
        return exec(http(POPULAR)
                .get("/api/v1/products/popular")
                .check(status().is(200), jsonPath("$..id").exists()));
    }

    /** Generated STAFF members ({@code staff1..N@demo.emporium.dev}): 5 at scale 0, 60 at scale 1. */
    private static final int STAFF = Integer.getInteger("staff", Integer.getInteger("scale", 0) >= 1 ? 60 : 5);

    /** A warehouse operator logs in, scans a new item bag in (the scan creates it) and looks it up. */
    private ChainBuilder warehouse() {
        return exec(http(STAFF_LOGIN)
                        .post("/api/v1/auth/login")
                        .body(StringBody(
                                "{\"email\":\"#{staffEmail}\",\"password\":\"" + parameters.password() + "\"}"))
                        .asJson()
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("staffToken")))
                .exitHereIfFailed()
                .exec(http(PARCEL_SCAN)
                        .post("/api/v1/fulfillment/scans")
                        .header("Authorization", "Bearer #{staffToken}")
                        .header("Idempotency-Key", "#{idempotencyKey}")
                        .body(StringBody("{\"qr\":\"#{parcelQr}\",\"area\":\"A01\"}"))
                        .asJson()
                        .check(status().is(201), jsonPath("$.event.id").exists()))
                .exec(think())
                .exec(http(PARCEL)
                        .get("/api/v1/fulfillment/parcels/#{parcelQr}")
                        .header("Authorization", "Bearer #{staffToken}")
                        .check(status().is(200), jsonPath("$.qr").is(session -> session.getString("parcelQr"))));
    }

    /**
     * An admin glances at the dashboard: the counters, the last 30 days of sales, the best sellers.
     * Each read answers from a materialized view with {@code asOf}.
     */
    private ChainBuilder dashboard() {
        return exec(http(DASHBOARD_LOGIN)
                        .post("/api/v1/auth/login")
                        .body(StringBody("{\"email\":\"" + parameters.adminEmail() + "\",\"password\":\""
                                + parameters.adminPassword() + "\"}"))
                        .asJson()
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("dashboardToken")))
                .exitHereIfFailed()
                .exec(http(ADMIN_STATS)
                        .get("/api/v1/admin/stats")
                        .header("Authorization", "Bearer #{dashboardToken}")
                        .check(
                                status().is(200),
                                jsonPath("$.asOf").exists(),
                                jsonPath("$.products").exists()))
                .exec(think())
                .exec(http(DAILY_SALES)
                        .get("/api/v1/admin/sales/daily")
                        .header("Authorization", "Bearer #{dashboardToken}")
                        .check(
                                status().is(200),
                                jsonPath("$.asOf").exists(),
                                jsonPath("$.days").exists()))
                .exec(think())
                .exec(http(TOP_PRODUCTS)
                        .get("/api/v1/admin/sales/top-products?limit=10")
                        .header("Authorization", "Bearer #{dashboardToken}")
                        .check(
                                status().is(200),
                                jsonPath("$.asOf").exists(),
                                jsonPath("$.items").exists()));
    }

    private ChainBuilder account() {
        return exec(http(LOGIN)
                        .post("/api/v1/auth/login")
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"" + parameters.password() + "\"}"))
                        .asJson()
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("token")))
                .exitHereIfFailed()
                .exec(think())
                .exec(http(ME).get("/api/v1/me")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200), jsonPath("$.email").is(session -> session.getString("email"))));
    }

    /**
     * The wallet journey: balance, history, then a transfer of 0.01–1.00 to the next customer number
     * with a fresh Idempotency-Key. 422 is a correct answer when the sender's money or daily limit has
     * run out; anything else but 201 is an error.
     */
    private ChainBuilder wallet() {
        return exec(http(LOGIN)
                        .post("/api/v1/auth/login")
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"" + parameters.password() + "\"}"))
                        .asJson()
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("token")))
                .exitHereIfFailed()
                .exec(http(WALLET)
                        .get("/api/v1/wallet")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200), jsonPath("$.balance").ofLong().exists()))
                .exec(think())
                .exec(http(WALLET_HISTORY)
                        .get("/api/v1/wallet/transactions")
                        .queryParam("limit", 20)
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200), listShape()))
                .exec(think())
                .exec(http(WALLET_TRANSFER)
                        .post("/api/v1/wallet/transfers")
                        .header("Authorization", "Bearer #{token}")
                        .header("Idempotency-Key", "#{idempotencyKey}")
                        .body(StringBody("{\"toEmail\":\"#{recipient}\",\"amount\":#{amount}}"))
                        .asJson()
                        .check(status().in(201, 422)));
    }

    /**
     * A product page. Ids drawn at random may name a deactivated product, which correctly answers 404
     * problem+json; a product picked from a list is active and must answer 200.
     */
    private static ChainBuilder productDetail(String id, boolean mayBeInactive) {
        if (!mayBeInactive) {
            return exec(http(PRODUCT)
                    .get("/api/v1/products/" + id)
                    .check(
                            status().is(200),
                            jsonPath("$.id").ofString().isEL(id),
                            jsonPath("$.price").exists()));
        }
        return exec(http(PRODUCT)
                .get("/api/v1/products/" + id)
                .check(status().in(200, 404))
                .checkIf((response, session) -> response.status().code() == 200)
                .then(jsonPath("$.id").ofString().isEL(id), jsonPath("$.price").exists())
                .checkIf((response, session) -> response.status().code() == 404)
                .then(jsonPath("$.status").ofInt().is(404)));
    }

    private static io.gatling.javaapi.core.CheckBuilder listShape() {
        return jsonPath("$.items").exists();
    }

    private static io.gatling.javaapi.core.CheckBuilder cursor() {
        return jsonPath("$.nextCursor").ofString().optional().saveAs("cursor");
    }

    private static boolean hasCursor(io.gatling.javaapi.core.Session session) {
        return session.get("cursor") instanceof String value && !value.isBlank() && !"null".equals(value);
    }
}
