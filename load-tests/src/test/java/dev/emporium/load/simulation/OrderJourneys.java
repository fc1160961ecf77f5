package dev.emporium.load.simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;

/**
 * Order journeys, kept apart from {@link Journeys} so the wallet, search and order workloads can grow
 * without editing one file.
 *
 * <p>The shopper journey of the mixed workload: log in as a generated customer, look at a product,
 * buy it and one more (Zipf-skewed ids, one unit each, a fresh {@code Idempotency-Key}), then read
 * the order history and the new order. Correct answers to the purchase are 201, 409 (a product sold
 * out), 422 (the customer's money has run out) and 400 (a drawn id names a deactivated product);
 * anything else is an error. Five requests.
 */
public final class OrderJourneys {

    static final String ORDER_PLACE = "POST /orders";
    static final String ORDER_HISTORY = "GET /orders";
    static final String ORDER_DETAIL = "GET /orders/{id}";

    /** Requests of one shopper journey when everything happens. */
    static final int REQUESTS = 5;

    private final LoadParameters parameters;

    public OrderJourneys(LoadParameters parameters) {
        this.parameters = parameters;
    }

    /** Needs {@code email}, {@code productId}, {@code productId2} and {@code idempotencyKey} in the session. */
    public ChainBuilder shop() {
        return exec(http(Journeys.LOGIN)
                        .post("/api/v1/auth/login")
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"" + parameters.password() + "\"}"))
                        .asJson()
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("token")))
                .exitHereIfFailed()
                .exec(http(Journeys.PRODUCT)
                        .get("/api/v1/products/#{productId}")
                        .check(status().in(200, 404)))
                .exec(pause(Duration.ofMillis(200), Duration.ofMillis(800)))
                .exec(session -> session.set(
                        "orderBody", orderBody(number(session, "productId"), number(session, "productId2"))))
                .exec(place("#{orderBody}"))
                .exec(http(ORDER_HISTORY)
                        .get("/api/v1/orders")
                        .queryParam("limit", 10)
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200), jsonPath("$.items").exists()))
                .doIf(session -> session.contains("orderId"))
                .then(exec(http(ORDER_DETAIL)
                        .get("/api/v1/orders/#{orderId}")
                        .header("Authorization", "Bearer #{token}")
                        .check(
                                status().is(200),
                                jsonPath("$.items[0].productId").exists())));
    }

    /** One purchase with the session's token and key; saves {@code orderId} on 201. */
    static ChainBuilder place(String body) {
        return exec(http(ORDER_PLACE)
                .post("/api/v1/orders")
                .header("Authorization", "Bearer #{token}")
                .header("Idempotency-Key", "#{idempotencyKey}")
                .body(StringBody(body))
                .asJson()
                .check(status().in(201, 400, 409, 422))
                .checkIf((response, session) -> response.status().code() == 201)
                .then(jsonPath("$.id").saveAs("orderId")));
    }

    private static long number(io.gatling.javaapi.core.Session session, String key) {
        return ((Number) java.util.Objects.requireNonNull(session.get(key), key)).longValue();
    }

    /** One unit of each distinct product. */
    static String orderBody(long... productIds) {
        StringBuilder body = new StringBuilder("{\"items\":[");
        java.util.Set<Long> seen = new java.util.LinkedHashSet<>();
        for (long id : productIds) {
            seen.add(id);
        }
        boolean first = true;
        for (long id : seen) {
            body.append(first ? "" : ",").append("{\"productId\":").append(id).append(",\"quantity\":1}");
            first = false;
        }
        return body.append("]}").toString();
    }
}
