/**
 * Start-up summary and the warm-up bookkeeping that keeps start-up work out of the request metrics.
 * No feature calls into this package.
 */
@NullMarked
package dev.emporium.platform.observability;

import org.jspecify.annotations.NullMarked;
