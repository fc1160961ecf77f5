package dev.emporium.load.report;

import static dev.emporium.load.report.SvgChart.escape;

import java.util.List;

/** index.html: one self-contained page (inline CSS and SVG, no script, nothing fetched). */
public final class HtmlReport {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
            h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
            table{border-collapse:collapse;margin:8px 0 16px;font-size:13px;width:100%}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .note{margin:4px 0;font-size:14px}.cond{color:#666;font-size:12px}
            .PASS{background:#e6f4ea;color:#1e6b34;font-weight:bold}.FAIL{background:#fce8e6;color:#a50e0e;font-weight:bold}
            .NOT{background:#f1f3f4;color:#555;font-weight:bold}code{background:#f4f4f4;padding:1px 4px}
            svg{display:block;margin:8px 0 16px;font-family:inherit}
            """;

    private HtmlReport() {}

    public static String render(Report report, List<Section> sections) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        html.append("<title>Emporium performance report</title>\n<style>")
                .append(STYLE)
                .append("</style></head><body>\n");
        html.append("<h1>Emporium performance and production-readiness report</h1>\n");
        html.append("<p class=\"note\">Command: <code>")
                .append(escape(report.conditions().get("command", "scripts/report.sh")))
                .append("</code></p>\n");
        html.append("<p class=\"cond\">")
                .append(escape(report.conditions().summary()))
                .append("</p>\n");
        for (Section section : sections) {
            html.append("<h2>").append(escape(section.title())).append("</h2>\n");
            for (String note : section.notes()) {
                String css = note.startsWith("Conditions:") ? "cond" : "note";
                html.append("<p class=\"")
                        .append(css)
                        .append("\">")
                        .append(escape(note))
                        .append("</p>\n");
            }
            section.svgCharts().forEach(html::append);
            for (Section.Table table : section.tables()) {
                if (!table.rows().isEmpty()) {
                    table(html, table);
                }
            }
        }
        return html.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder html, Section.Table table) {
        html.append("<table><thead><tr>");
        table.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td class=\"")
                        .append(cssClass(cell))
                        .append("\">")
                        .append(escape(cell))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static String cssClass(String cell) {
        return switch (cell) {
            case "PASS", "held" -> "PASS";
            case "FAIL", "did not hold" -> "FAIL";
            case "NOT MEASURED" -> "NOT";
            default -> cell.matches("[0-9.,%() ]+") ? "n" : "";
        };
    }
}
