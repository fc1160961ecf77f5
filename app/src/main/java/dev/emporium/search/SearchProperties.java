package dev.emporium.search;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code emporium.search.*}: tuning knobs only; the defaults are what the README's figures were
 * measured with.
 *
 * @param rankWindow relevance ranks this many most popular matches (bounds the work of a broad query)
 * @param facetSample facets and totals are exact up to this many matches, estimated beyond
 * @param broadMatch a match at least this share of the active catalog (by the planner's estimate) is
 *     broad: its facet sample is its most popular matches, read in the walk that finds the relevance
 *     window (one statement instead of two); the walk reads about {@code facetSample / broadMatch}
 *     index entries, so this bounds its cost
 * @param fallbackBelow a first page with fewer full-text hits than this tries spelling correction
 * @param correctionSimilarity least trigram similarity between a query word and its correction
 * @param suggestSimilarity least trigram similarity of a typo-tolerant suggestion
 * @param analytics how search counts are kept and flushed
 */
@Validated
@ConfigurationProperties("emporium.search")
public record SearchProperties(
        @DefaultValue("200") @Min(50) @Max(100_000) int rankWindow,
        @DefaultValue("1000") @Min(100) @Max(1_000_000) int facetSample,

        @DefaultValue("0.03") @DecimalMin("0.001") @DecimalMax("1.0")
        double broadMatch,

        @DefaultValue("3") @Min(0) @Max(500) int fallbackBelow,

        @DefaultValue("0.25") @DecimalMin("0.05") @DecimalMax("1.0")
        double correctionSimilarity,

        @DefaultValue("0.3") @DecimalMin("0.05") @DecimalMax("1.0")
        double suggestSimilarity,

        @DefaultValue @Valid @NotNull Analytics analytics) {

    /**
     * @param flushInterval how often counted searches are written (one batch per node)
     * @param maxDistinct distinct queries kept in memory between flushes; more are counted as dropped
     * @param retention statistics older than this are deleted
     * @param popularMinSearches a query is shown as popular only once this many searches asked it,
     *     so one person's odd query never appears on the public list
     */
    public record Analytics(
            @DefaultValue("10s") @NotNull Duration flushInterval,
            @DefaultValue("10000") @Min(10) int maxDistinct,
            @DefaultValue("8d") @NotNull Duration retention,
            @DefaultValue("3") @Min(1) int popularMinSearches) {}
}
