package dev.emporium.search;

import dev.emporium.platform.cache.ETags;
import dev.emporium.platform.cache.TieredCache;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public search reads. Answers carry {@code X-Cache: HIT|MISS} (and {@code X-Cache-Tier} on hits) and
 * a strong {@code ETag} over the JSON bytes ({@link ETags}, the digest the response cache uses for
 * catalog reads); a request whose {@code If-None-Match} names it gets 304 without a body. The
 * controller, not the response-cache filter, answers these routes because every search must reach
 * {@link SearchService} to be counted, hit or not.
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search")
class SearchController {

    private final SearchService search;
    private final SuggestService suggest;
    private final SearchAnalyticsService analytics;
    private final JsonMapper json;

    SearchController(SearchService search, SuggestService suggest, SearchAnalyticsService analytics, JsonMapper json) {
        this.search = search;
        this.suggest = suggest;
        this.analytics = analytics;
        this.json = json;
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
    @ApiResponse(
            responseCode = "200",
            description = "One page of results with facets",
            headers = {
                @Header(name = "ETag", schema = @Schema(type = "string")),
                @Header(name = "X-Cache", schema = @Schema(allowableValues = {"HIT", "MISS"}))
            },
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SearchResults.class)))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
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
    ResponseEntity<byte[]> search(
            WebRequest request,
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
        return conditional(
                search.search(
                        new SearchService.Request(q, category, brand, minPrice, maxPrice, sort, limit, offset, cursor)),
                request);
    }

    @GetMapping("/suggest")
    @Operation(
            summary = "Complete what is being typed",
            description = "At most 10 completions: popular searches starting with q, then words of product names "
                    + "and brands completing q's last word, then close spellings of it. Meant for every keystroke; "
                    + "answers are cached per normalised prefix.")
    @ApiResponse(
            responseCode = "200",
            description = "Completions, best first",
            headers = {
                @Header(name = "ETag", schema = @Schema(type = "string")),
                @Header(name = "X-Cache", schema = @Schema(allowableValues = {"HIT", "MISS"}))
            },
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Suggestions.class)))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
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
    ResponseEntity<byte[]> suggest(
            WebRequest request,
            @Parameter(description = "the text typed so far, 1 to 200 characters", required = true)
                    @RequestParam(required = false)
                    String q) {
        return conditional(suggest.suggest(q), request);
    }

    @GetMapping("/popular")
    @Operation(
            summary = "Most frequent searches",
            description = "Searches that found something, most frequent first, counted over the last 24 hours or "
                    + "7 days. A query appears only after several searches; the newest few seconds of searches "
                    + "are counted at the next flush.")
    @ApiResponse(
            responseCode = "200",
            description = "The most frequent searches",
            headers = {
                @Header(name = "ETag", schema = @Schema(type = "string")),
                @Header(name = "X-Cache", schema = @Schema(allowableValues = {"HIT", "MISS"}))
            },
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PopularQueries.class)))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)")
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
    ResponseEntity<byte[]> popular(
            WebRequest request,
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
        return conditional(analytics.popular(window, limit), request);
    }

    /**
     * 200 with the JSON bytes, their ETag and {@code Cache-Control: no-cache} (clients may keep the
     * answer but revalidate it), or 304 with the same headers when {@code If-None-Match} names the
     * ETag. The value is serialised here once, by the application's mapper (the one MVC would use),
     * so the tag covers exactly the bytes sent.
     */
    private ResponseEntity<byte[]> conditional(TieredCache.Lookup<?> lookup, WebRequest request) {
        byte[] body = json.writeValueAsBytes(lookup.value());
        String etag = ETags.of(body);
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag);
        headers.setCacheControl(CacheControl.noCache());
        if (lookup.source().hit()) {
            headers.set("X-Cache", "HIT");
            headers.set("X-Cache-Tier", lookup.source().name());
        } else {
            headers.set("X-Cache", "MISS");
        }
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .headers(headers)
                    .build();
        }
        return ResponseEntity.ok()
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
