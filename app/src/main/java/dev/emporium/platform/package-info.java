/**
 * Shared mechanisms every feature may use: database access and its guards ({@code db}), HTTP
 * conventions ({@code web}), authentication plumbing ({@code security}), caching ({@code cache})
 * and metrics ({@code observability}). Platform code never depends on a feature package.
 *
 * <p>A closed Spring Modulith module: a feature may use only the types of its named interfaces,
 * {@code platform::cache}, {@code platform::db}, {@code platform::web} and {@code platform::security}
 * (each a {@code @NamedInterface} on the types it exposes; the sub-package's package-info lists
 * them). Everything else is internal, and {@code ModularityTests} fails when a feature reaches for it.
 * To expose another type, annotate it with the named interface of its mechanism, deliberately.
 */
@NullMarked
package dev.emporium.platform;

import org.jspecify.annotations.NullMarked;
