/**
 * The deterministic data generator: demo data on first start, and the reference data set (scale 1)
 * on demand. It owns no tables; it generates rows and hands them to each feature's bulk loader.
 */
@NullMarked
package dev.emporium.seed;

import org.jspecify.annotations.NullMarked;
