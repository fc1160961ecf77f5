package dev.emporium.load.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code index.html} and {@code REPORT.md} from the raw files of one run. Run by
 * {@code scripts/report.sh}, which also produces those files; by hand:
 *
 * <pre>
 * java -cp load-tests/target/classes dev.emporium.load.report.ReportGenerator report/raw report
 * </pre>
 * Exits non-zero only when the report cannot be written; failed readiness criteria are content, not errors.
 */
public final class ReportGenerator {

    private ReportGenerator() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ReportGenerator <raw-dir> <out-dir>");
            System.exit(2);
        }
        Path raw = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Report report = Report.build(raw);
        List<Section> sections = ReportSections.of(report);
        Files.createDirectories(out);
        Files.writeString(out.resolve("index.html"), HtmlReport.render(report, sections));
        Files.writeString(out.resolve("REPORT.md"), MarkdownReport.render(report, sections));
        System.out.println(summary(report));
    }

    static String summary(Report report) {
        StringBuilder text = new StringBuilder();
        LatencySummary all = report.overall();
        text.append("Workload: %d requests, %.1f req/s, errors %s, p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n"
                .formatted(
                        all.count(),
                        all.throughput(),
                        Readiness.percent(all.errorRate()),
                        all.p50(),
                        all.p95(),
                        all.p99(),
                        all.max()));
        report.capacity()
                .ifPresent(result -> text.append(result.capacity()
                        .map(level -> "Capacity: %s%.1f journeys/s (%.1f req/s)%s%n"
                                .formatted(
                                        result.levels().stream().allMatch(CapacitySearch.Level::held) ? "≥ " : "",
                                        level.rate(),
                                        level.summary().throughput(),
                                        result.levels().stream().allMatch(CapacitySearch.Level::held)
                                                ? ", every level held"
                                                : ""))
                        .orElse("Capacity: below the first level%n".formatted())));
        for (Readiness.Criterion criterion : report.readiness()) {
            text.append("%-13s %s: %s (bound %s)%n"
                    .formatted(criterion.verdict(), criterion.name(), criterion.measured(), criterion.bound()));
        }
        text.append("Conditions: ").append(report.conditions().summary());
        return text.toString();
    }
}
