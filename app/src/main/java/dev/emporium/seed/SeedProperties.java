package dev.emporium.seed;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Data generation settings.
 *
 * @param demoOnEmpty load the demo data set (scale 0, customers with a published password) at start-up when
 *     the catalog is empty; unset means only on the embedded database, never into an external one
 * @param scale when set, generate this data set at start-up (0 = demo, 1 = reference)
 * @param replace allow {@code scale} to wipe existing data first; without it a non-empty database is left alone
 * @param exit stop the application once {@code scale} has been generated (the seed command)
 * @param randomSeed the fixed seed that makes every run produce the same rows
 */
@ConfigurationProperties("emporium.seed")
public record SeedProperties(
        @Nullable Boolean demoOnEmpty,
        @Nullable Integer scale,
        @DefaultValue("false") boolean replace,
        @DefaultValue("false") boolean exit,
        @DefaultValue("20261123") long randomSeed) {}
