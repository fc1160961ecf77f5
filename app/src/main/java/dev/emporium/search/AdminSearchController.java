package dev.emporium.search;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Search analytics for admins (the path is ADMIN-only in the security configuration). */
@RestController
@Tag(name = "Search")
class AdminSearchController {

    private final SearchAnalyticsService analytics;

    AdminSearchController(SearchAnalyticsService analytics) {
        this.analytics = analytics;
    }

    @GetMapping("/api/v1/admin/search/analytics")
    @Operation(
            summary = "Search analytics",
            description = "Top queries, zero-result queries and hourly volume over the last 24 hours or 7 days. "
                    + "Counts are flushed from memory in batches, so the newest seconds may be missing. "
                    + "Clicks are not tracked.",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "200", description = "The window's statistics")
    @ApiResponse(
            responseCode = "400",
            description = "Unknown window or bad limit",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "401",
            description = "No valid bearer token",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "403",
            description = "The caller is not an admin",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "503",
            description = "The database is busy or unreachable",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    SearchAnalytics analytics(
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {"24h", "7d"},
                                            defaultValue = "24h"))
                    @RequestParam(required = false)
                    String window,
            @Parameter(
                            description = "entries per top list",
                            schema = @Schema(format = "int32", minimum = "1", maximum = "500", defaultValue = "20"))
                    @RequestParam(required = false)
                    Integer limit) {
        return analytics.analytics(window, limit);
    }
}
