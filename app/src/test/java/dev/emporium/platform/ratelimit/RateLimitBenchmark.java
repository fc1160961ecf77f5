package dev.emporium.platform.ratelimit;

import dev.emporium.support.RedisTestSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (the name keeps it out of {@code verify}): what the limiter adds to a
 * request, measured on {@link RateLimits#tryConsume} plus the header rendering the filter does,
 * side by side in one run: per-node buckets (Caffeine + a Bucket4j local bucket) and buckets shared
 * in Redis (one compare-and-swap round trip through Lettuce), keys drawn from 10,000 client
 * addresses with a Zipf-like skew, limits far above the load so every call is granted.
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl app test -Dtest=RateLimitBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Uses the embedded Redis of the test support (or {@code REDIS_URL}) on loopback. Prints, per mode,
 * the median of five rounds of single-threaded nanoseconds per call, and a 4-thread throughput.
 */
class RateLimitBenchmark {

    static final int KEYS = 10_000;
    static final int WARM = 200_000;
    static final int ROUND = 200_000;
    static final int REDIS_ROUND = 20_000;

    @Test
    void perRequestCostOfTheLimiterLocalAndShared() throws Exception {
        String[] keys = skewedKeys();
        try (RateLimits local = limits("");
                RateLimits shared = limits(RedisTestSupport.url())) {
            RateLimitTests.await(shared::shared, "Redis connected");
            System.out.printf(
                    "rate-limit benchmark: %d cores, %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            report("per-node buckets", local, keys, WARM, ROUND);
            report("Redis buckets", shared, keys, REDIS_ROUND, REDIS_ROUND);
            throughput("per-node buckets", local, keys, ROUND);
            throughput("Redis buckets", shared, keys, REDIS_ROUND);
        }
    }

    private static void report(String mode, RateLimits limits, String[] keys, int warm, int round) {
        run(limits, keys, warm);
        long[] rounds = new long[5];
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            run(limits, keys, round);
            rounds[r] = (System.nanoTime() - start) / round;
        }
        Arrays.sort(rounds);
        System.out.printf(
                "rate-limit benchmark: %-17s %,7d ns per request (median of 5 rounds of %,d; rounds %s)%n",
                mode, rounds[2], round, Arrays.toString(rounds));
    }

    private static void throughput(String mode, RateLimits limits, String[] keys, int perThread) throws Exception {
        Thread[] threads = new Thread[4];
        long start = System.nanoTime();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> run(limits, keys, perThread));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "rate-limit benchmark: %-17s %,10.0f requests/s with 4 threads%n",
                mode, threads.length * perThread / seconds);
    }

    private static long run(RateLimits limits, String[] keys, int n) {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            Decision decision = limits.tryConsume(RateLimits.ANONYMOUS, keys[i % keys.length]);
            if (!decision.allowed()) {
                throw new IllegalStateException("the benchmark's limits must never refuse");
            }
            sink += decision.headers().size();
        }
        return sink;
    }

    private static RateLimits limits(String redisUrl) {
        return new RateLimits(
                new RateLimitProperties(
                        true,
                        1,
                        Duration.ofMillis(500),
                        Duration.ofMillis(200),
                        100_000,
                        Map.of(
                                RateLimits.ANONYMOUS,
                                new RateLimitProperties.Limit(1_000_000_000L, Duration.ofMinutes(1)))),
                redisUrl,
                "bench-" + UUID.randomUUID(),
                new SimpleMeterRegistry());
    }

    /** 1,000,000 draws over 10,000 addresses, rank r drawn with weight 1/r. */
    private static String[] skewedKeys() {
        double[] cumulative = new double[KEYS];
        double sum = 0;
        for (int r = 1; r <= KEYS; r++) {
            sum += 1.0 / r;
            cumulative[r - 1] = sum;
        }
        SplittableRandom random = new SplittableRandom(42);
        String[] keys = new String[1_000_000];
        for (int i = 0; i < keys.length; i++) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            rank = rank < 0 ? -rank - 1 : rank;
            keys[i] = "10." + (rank / 65536) + "." + (rank / 256 % 256) + "." + (rank % 256);
        }
        return keys;
    }
}
