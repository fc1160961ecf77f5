/**
 * The application: its entry point, and one package per feature below it ({@code catalog},
 * {@code account}, ...) on top of the shared mechanisms in {@code platform}.
 *
 * <p>Every package of the application is {@link org.jspecify.annotations.NullMarked}: a type is
 * non-null unless it says {@code @Nullable}, and NullAway fails the compile on a possible null
 * dereference.
 */
@NullMarked
package dev.emporium;

import org.jspecify.annotations.NullMarked;
