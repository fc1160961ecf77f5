package dev.emporium.search;

import dev.emporium.platform.cache.TieredCache;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public search reads. Answers carry {@code X-Cache: HIT|MISS} (and {@code X-Cache-Tier} on hits). */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search")
class SearchController {

    private final SearchService search;
    private final SuggestService suggest;
    private final SearchAnalyticsService analytics;

    SearchController(SearchService search, SuggestService suggest, SearchAnalyticsService analytics) {
        this.search = search;
        this.suggest = suggest;
        this.analytics = analytics;
    }

    @GetMapping
    @Operation(
            summary = "Search products",
            description = "Full-text search over name (strongest), brand and description, with the catalog's "
                    + "filters. Any text is accepted: quotes make phrases, 'or' alternatives, '-word' excludes. "
                    + "When the words find fewer than a few products, close spellings are tried and "
                    + "correctedQuery says which words were searched (page on with q=correctedQuery). "
                    + "total and facets are exact up to a sample bound (totalExact, facets.exact) and "
                    + "estimated beyond it.")
    @ApiResponse(responseCode = "200", description = "One page of results with facets")
    @ApiResponse(
            responseCode = "400",
            description = "Empty or over-long q, unknown sort, bad limit, offset, price range, category or cursor",
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
    ResponseEntity<SearchResults> search(
            @Parameter(description = "what to search for, 1 to 200 characters", required = true)
                    @RequestParam(required = false)
                    String q,
            @Parameter(description = "a category id; its descendants are included", schema = @Schema(format = "int64"))
                    @RequestParam(required = false)
                    Long category,
            @Parameter(description = "exact brand, 1 to 100 characters") @RequestParam(required = false) String brand,
            @Parameter(description = "least price, minor units", schema = @Schema(format = "int64", minimum = "0"))
                    @RequestParam(required = false)
                    Long minPrice,
            @Parameter(description = "greatest price, minor units", schema = @Schema(format = "int64", minimum = "0"))
                    @RequestParam(required = false)
                    Long maxPrice,
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "relevance",
                                                "price_asc",
                                                "price_desc",
                                                "popularity",
                                                "newest"
                                            },
                                            defaultValue = "relevance"))
                    @RequestParam(required = false)
                    String sort,
            @Parameter(schema = @Schema(format = "int32", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(schema = @Schema(format = "int32", minimum = "0", maximum = "10000", defaultValue = "0"))
                    @RequestParam(required = false)
                    Integer offset,
            @Parameter(description = "nextCursor of the previous page (same q and sort)")
                    @RequestParam(required = false)
                    String cursor) {
        return cached(search.search(
                new SearchService.Request(q, category, brand, minPrice, maxPrice, sort, limit, offset, cursor)));
    }

    @GetMapping("/suggest")
    @Operation(
            summary = "Complete what is being typed",
            description = "At most 10 completions: popular searches starting with q, then words of product names "
                    + "and brands completing q's last word, then close spellings of it. Meant for every keystroke; "
                    + "answers are cached per normalised prefix.")
    @ApiResponse(responseCode = "200", description = "Completions, best first")
    @ApiResponse(
            responseCode = "400",
            description = "Empty or over-long q",
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
    ResponseEntity<Suggestions> suggest(
            @Parameter(description = "the text typed so far, 1 to 200 characters", required = true)
                    @RequestParam(required = false)
                    String q) {
        return cached(suggest.suggest(q));
    }

    @GetMapping("/popular")
    @Operation(
            summary = "Most frequent searches",
            description = "Searches that found something, most frequent first, counted over the last 24 hours or "
                    + "7 days. A query appears only after several searches; the newest few seconds of searches "
                    + "are counted at the next flush.")
    @ApiResponse(responseCode = "200", description = "The most frequent searches")
    @ApiResponse(
            responseCode = "400",
            description = "Unknown window or bad limit",
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
    PopularQueries popular(
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {"24h", "7d"},
                                            defaultValue = "24h"))
                    @RequestParam(required = false)
                    String window,
            @Parameter(schema = @Schema(format = "int32", minimum = "1", maximum = "50", defaultValue = "10"))
                    @RequestParam(required = false)
                    Integer limit) {
        return analytics.popular(window, limit);
    }

    private static <T> ResponseEntity<T> cached(TieredCache.Lookup<T> lookup) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (lookup.source().hit()) {
            response.header("X-Cache", "HIT")
                    .header("X-Cache-Tier", lookup.source().name());
        } else {
            response.header("X-Cache", "MISS");
        }
        return response.body(lookup.value());
    }
}
