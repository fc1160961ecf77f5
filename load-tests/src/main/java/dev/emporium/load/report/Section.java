package dev.emporium.load.report;

import java.util.List;

/**
 * A titled part of the report: prose lines, tables and (HTML only) charts. Both renderers draw the same
 * sections, so the Markdown and the HTML report cannot disagree on a figure.
 */
public record Section(String title, List<String> notes, List<Table> tables, List<String> svgCharts) {

    public record Table(List<String> header, List<List<String>> rows) {}

    public static Section of(String title, List<String> notes, Table... tables) {
        return new Section(title, notes, List.of(tables), List.of());
    }
}
