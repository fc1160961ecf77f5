package dev.emporium.load.simulation;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Everything a simulation can be told from the command line ({@code -Dname=value}), with defaults
 * that fit the demo data set (scale 0) on a developer machine.
 *
 * <p>Targets are restricted to the loopback interface: these simulations generate enough load to
 * hurt a shared machine, so pointing them anywhere else is refused rather than trusted.
 *
 * @param baseUrl        {@code -DbaseUrl}, default {@code http://127.0.0.1:8080}
 * @param duration       {@code -Dduration} in seconds (or {@code 30s}, {@code 2m}) of the steady phase
 * @param rampUp         {@code -DrampUp} before the steady phase
 * @param rate           {@code -Drate}: journeys started per second (open model)
 * @param scale          {@code -Dscale}: data set, 0 = demo (10k products), 1 = reference (1M products)
 * @param maxProductId   {@code -DmaxProductId}: highest product id to request; defaults from the scale
 * @param customers      {@code -Dcustomers}: generated customers that can log in; defaults from the scale
 * @param customerEmail  {@code -DcustomerEmail}: pattern with {@code %d} for the customer number
 * @param password       {@code -Dpassword}: the password every generated customer shares
 * @param zipfExponent   {@code -DzipfExponent}: skew of product ids (1.0 = classic Zipf)
 * @param writePercent   {@code -DwritePercent}: admin price/stock PATCHes as a percentage of all requests
 *                       (0 = off, the default); writes go to Zipf-drawn (hot) products
 * @param adminEmail     {@code -DadminEmail}: the admin the writes log in as (the server's EMPORIUM_ADMIN_EMAIL)
 * @param adminPassword  {@code -DadminPassword}
 */
public record LoadParameters(
        String baseUrl,
        Duration duration,
        Duration rampUp,
        double rate,
        int scale,
        int maxProductId,
        int customers,
        String customerEmail,
        String password,
        double zipfExponent,
        double writePercent,
        String adminEmail,
        String adminPassword) {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    public LoadParameters {
        String host = URI.create(baseUrl).getHost();
        if (host == null || !LOOPBACK.contains(host)) {
            throw new IllegalArgumentException(
                    "baseUrl must point at the loopback interface (127.0.0.1), was " + baseUrl);
        }
        if (writePercent < 0 || writePercent >= 50) {
            throw new IllegalArgumentException("writePercent must be in [0, 50), was " + writePercent);
        }
    }

    /**
     * Admin writes per second so that they make {@code writePercent} of all requests: the mixed
     * journeys average {@link Journeys#REQUESTS_PER_JOURNEY} requests each.
     */
    public double writesPerSecond() {
        double reads = rate * Journeys.REQUESTS_PER_JOURNEY;
        return reads * writePercent / (100 - writePercent);
    }

    public static LoadParameters fromSystemProperties() {
        int scale = Integer.getInteger("scale", 0);
        return new LoadParameters(
                System.getProperty("baseUrl", "http://127.0.0.1:8080"),
                duration("duration", "60s"),
                duration("rampUp", "10s"),
                Double.parseDouble(System.getProperty("rate", "20")),
                scale,
                Integer.getInteger("maxProductId", scale >= 1 ? 1_000_000 : 10_000),
                Integer.getInteger("customers", scale >= 1 ? 200_000 : 1_000),
                System.getProperty("customerEmail", "customer%d@demo.emporium.dev"),
                System.getProperty("password", "emporium-demo"),
                Double.parseDouble(System.getProperty("zipfExponent", "1.0")),
                Double.parseDouble(System.getProperty("writePercent", "0")),
                System.getProperty("adminEmail", "admin@emporium.local"),
                System.getProperty("adminPassword", ""));
    }

    /** Reads {@code 45}, {@code 45s}, {@code 3m} or an ISO-8601 duration such as {@code PT45S}. */
    public static Duration duration(String property, String defaultValue) {
        String value = System.getProperty(property, defaultValue).trim().toLowerCase();
        if (value.startsWith("pt")) {
            return Duration.parse(value);
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
    }
}
