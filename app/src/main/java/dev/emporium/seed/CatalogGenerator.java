package dev.emporium.seed;

import dev.emporium.catalog.Category;
import dev.emporium.platform.db.BulkCopy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a category tree and products with realistic skew, deterministically from a seed:
 * <ul>
 *   <li>a three-level tree: about 1% roots, nine children per root, the rest leaves;</li>
 *   <li>products sit in leaf categories chosen by Zipf(1.0) over a shuffled leaf order, brands by
 *       Zipf(1.1): a handful of brands and categories hold much of the catalog;</li>
 *   <li>prices log-normal around 25.00 (minor units, ending in 99); popularity Pareto-tailed;</li>
 *   <li>about 2% inactive products, 5% out of stock; creation times spread over three years in id order.</li>
 * </ul>
 * Row {@code i} depends only on the seed and {@code i}, so a load can be reproduced exactly.
 */
final class CatalogGenerator {

    private static final String[] ROOTS = {
        "Electronics",
        "Home",
        "Garden",
        "Sports",
        "Toys",
        "Fashion",
        "Books",
        "Beauty",
        "Grocery",
        "Automotive",
        "Office",
        "Pets",
        "Music",
        "Health",
        "Tools",
        "Baby",
        "Outdoors",
        "Kitchen",
        "Gaming",
        "Travel"
    };
    private static final String[] ADJECTIVES = {
        "Compact",
        "Classic",
        "Ultra",
        "Eco",
        "Smart",
        "Pro",
        "Lite",
        "Rugged",
        "Premium",
        "Essential",
        "Vintage",
        "Modern",
        "Portable",
        "Deluxe",
        "Quiet",
        "Swift"
    };
    private static final String[] NOUNS = {
        "Lamp",
        "Kettle",
        "Speaker",
        "Backpack",
        "Chair",
        "Blender",
        "Jacket",
        "Drill",
        "Headphones",
        "Mug",
        "Tent",
        "Watch",
        "Keyboard",
        "Bottle",
        "Camera",
        "Scarf",
        "Router",
        "Pan"
    };
    private static final String[] COLORS = {"black", "white", "red", "blue", "green", "grey", "yellow", "navy"};
    private static final String[] MATERIALS = {"steel", "cotton", "plastic", "wood", "glass", "leather", "aluminium"};
    private static final String[] SYLLABLES = {
        "nor", "vik", "ta", "lum", "ex", "ora", "bel", "kor", "zen", "mi", "sol", "dra", "fin", "qua", "rex", "ly",
        "ston", "ve"
    };
    private static final Duration HISTORY = Duration.ofDays(3 * 365);

    private final DataSetSize size;
    private final long seed;
    private final Instant now;
    private final List<Category> categories = new ArrayList<>();
    private final long[] leafIds;
    private final String[] brands;
    private final Zipf leafZipf;
    private final Zipf brandZipf;

    CatalogGenerator(DataSetSize size, long seed, Instant now) {
        this.size = size;
        this.seed = seed;
        this.now = now;
        this.leafIds = buildTree(new SplittableRandom(seed));
        this.brands = buildBrands(new SplittableRandom(seed + 1));
        this.leafZipf = new Zipf(leafIds.length, 1.0);
        this.brandZipf = new Zipf(brands.length, 1.1);
    }

    List<Category> categories() {
        return categories;
    }

    private long[] buildTree(SplittableRandom random) {
        int roots = Math.max(4, size.categories() / 100);
        int mids = Math.min(roots * 9, size.categories() - roots);
        int leaves = size.categories() - roots - mids;
        long id = 1;
        for (int r = 0; r < roots; r++, id++) {
            String name = ROOTS[r % ROOTS.length] + (r >= ROOTS.length ? " " + (r / ROOTS.length + 1) : "");
            categories.add(new Category(id, null, name, "c" + id + "-" + slug(name), 0));
        }
        for (int m = 0; m < mids; m++, id++) {
            long parent = 1 + m % roots;
            String name = categories.get((int) parent - 1).name() + " " + NOUNS[m % NOUNS.length] + "s";
            categories.add(new Category(id, parent, name, "c" + id + "-" + slug(name), 1));
        }
        long[] leafOrder = new long[leaves];
        for (int l = 0; l < leaves; l++, id++) {
            long parent = roots + 1 + l % mids;
            String name = ADJECTIVES[l % ADJECTIVES.length] + " "
                    + categories.get((int) parent - 1).name();
            categories.add(new Category(id, parent, name, "c" + id + "-" + slug(name), 2));
            leafOrder[l] = id;
        }
        for (int i = leafOrder.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = leafOrder[i];
            leafOrder[i] = leafOrder[j];
            leafOrder[j] = t;
        }
        return leafOrder;
    }

    private String[] buildBrands(SplittableRandom random) {
        String[] names = new String[size.brands()];
        for (int b = 0; b < names.length; b++) {
            StringBuilder name = new StringBuilder();
            int parts = 2 + random.nextInt(2);
            for (int p = 0; p < parts; p++) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
            names[b] = name + (b >= SYLLABLES.length * 4 ? String.valueOf(b) : "");
        }
        return names;
    }

    /** Fills row {@code i} (product id {@code i + 1}) in the order of CatalogBulkLoader's product columns. */
    void writeProduct(long i, BulkCopy.Row row) {
        SplittableRandom random = new SplittableRandom(seed * 31 + i);
        long id = i + 1;
        String brand = brands[brandZipf.next(random)];
        long category = leafIds[leafZipf.next(random)];
        String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
        String noun = NOUNS[random.nextInt(NOUNS.length)];
        double logNormal = Math.exp(Math.log(2500) + 1.1 * gaussian(random));
        long price = Math.max(99, Math.round(logNormal / 100) * 100 - 1);
        int stock = random.nextInt(100) < 5 ? 0 : 1 + random.nextInt(500);
        int popularity = (int) Math.min(1_000_000, Math.floor(10 * Math.pow(1 - random.nextDouble(), -1 / 1.16)) - 10);
        boolean active = random.nextInt(100) >= 2;
        String color = COLORS[random.nextInt(COLORS.length)];
        String material = MATERIALS[random.nextInt(MATERIALS.length)];
        Instant created = now.minus(HISTORY).plusMillis(HISTORY.toMillis() * i / Math.max(1, size.products()));
        row.add(id)
                .add(String.format("SKU-%08d", id))
                .add(brand + " " + adjective + " " + noun + " " + (100 + id % 900))
                .add(brand)
                .add(category)
                .add(price)
                .add("EUR")
                .add(stock)
                .add((adjective.matches("[AEIOU].*") ? "An " : "A ") + adjective.toLowerCase() + " "
                        + noun.toLowerCase() + " in " + color + " " + material + " by " + brand + ".")
                .add("{\"color\": \"" + color + "\", \"material\": \"" + material + "\"}")
                .add(popularity)
                .add(active ? "t" : "f")
                .add(created)
                .add(created);
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static String slug(String name) {
        return name.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
