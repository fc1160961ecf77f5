package dev.emporium.load.simulation;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Draws ids 1..n with Zipf-like skew: rank r is chosen with probability proportional to 1/r^s, so a few
 * products take most of the traffic and the long tail still gets some, as in a real shop.
 *
 * <p>Sampling inverts the continuous power-law CDF (constant time, no table of n weights). Ranks are
 * then spread over the id space with a fixed bijection ({@code rank * stride mod n}) so that the hot
 * products are not simply the oldest rows on the first heap pages.
 */
public final class ZipfIds {

    private final int n;
    private final double exponent;
    private final long stride;

    public ZipfIds(int n, double exponent) {
        if (n < 1 || exponent <= 0) {
            throw new IllegalArgumentException("n must be >= 1 and exponent > 0");
        }
        this.n = n;
        this.exponent = exponent;
        this.stride = coprimeStride(n);
    }

    /** A rank in 1..n, rank 1 the most frequent. */
    public int nextRank() {
        double u = ThreadLocalRandom.current().nextDouble();
        double x;
        if (Math.abs(exponent - 1.0) < 1e-9) {
            x = Math.pow(n + 1.0, u);
        } else {
            double a = 1.0 - exponent;
            x = Math.pow((Math.pow(n + 1.0, a) - 1.0) * u + 1.0, 1.0 / a);
        }
        return (int) Math.min(n, Math.max(1, Math.floor(x)));
    }

    /** An id in 1..n: the rank mapped through the fixed bijection. */
    public int nextId() {
        return idOfRank(nextRank());
    }

    int idOfRank(int rank) {
        return (int) (((rank - 1) * stride) % n) + 1;
    }

    private static long coprimeStride(int n) {
        long stride = Math.max(1, (long) (n * 0.618_033_988_7));
        while (gcd(stride, n) != 1) {
            stride++;
        }
        return stride;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
