package dev.emporium.load.report;

import java.util.List;

/** REPORT.md: the same sections as the HTML, as GitHub-flavoured Markdown tables (charts only in the HTML). */
public final class MarkdownReport {

    private MarkdownReport() {}

    public static String render(Report report, List<Section> sections) {
        StringBuilder md = new StringBuilder("# Emporium performance and production-readiness report\n\n");
        md.append("Command: `")
                .append(report.conditions().get("command", "scripts/report.sh"))
                .append("`  \n");
        md.append(report.conditions().summary()).append("\n\n");
        for (Section section : sections) {
            md.append("## ").append(section.title()).append("\n\n");
            for (String note : section.notes()) {
                md.append(note).append("\n\n");
            }
            if (!section.svgCharts().isEmpty()) {
                md.append("_Charts: see index.html._\n\n");
            }
            for (Section.Table table : section.tables()) {
                if (table.rows().isEmpty()) {
                    continue;
                }
                md.append(row(table.header()));
                md.append(row(table.header().stream().map(h -> "---").toList()));
                table.rows().forEach(r -> md.append(row(r)));
                md.append("\n");
            }
        }
        return md.toString();
    }

    private static String row(List<String> cells) {
        return "| "
                + String.join(
                        " | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }
}
