/**
 * Shared mechanisms every feature may use: database access and its guards ({@code db}), HTTP
 * conventions ({@code web}), authentication plumbing ({@code security}), caching ({@code cache})
 * and metrics ({@code observability}). Platform code never depends on a feature package.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.emporium.platform;
