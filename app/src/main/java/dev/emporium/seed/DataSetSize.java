package dev.emporium.seed;

/**
 * How many rows of each kind a data set has.
 *
 * @param categories categories in a three-level tree
 * @param brands distinct brands (Zipf-distributed over products)
 * @param products products
 * @param customers customer accounts
 */
public record DataSetSize(int categories, int brands, long products, long customers) {

    /** Orders in the generated history: ten per customer (2,000,000 at scale 1, 10,000 at scale 0). */
    public long orders() {
        return customers * 10;
    }

    public static DataSetSize forScale(int scale) {
        return switch (scale) {
            case 0 -> new DataSetSize(200, 300, 10_000, 1_000);
            case 1 -> new DataSetSize(2_000, 5_000, 1_000_000, 200_000);
            default -> throw new IllegalArgumentException("scale must be 0 (demo) or 1 (reference), was " + scale);
        };
    }
}
