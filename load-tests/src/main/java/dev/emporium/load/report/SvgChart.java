package dev.emporium.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG line chart (no script, no CDN: the report must open offline and in a mail client).
 * X is seconds since the run start; the y axis starts at zero and ends at a "nice" value above the data.
 */
public final class SvgChart {

    public record Series(String label, String color, List<double[]> points) {}

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;

    private SvgChart() {}

    public static String render(String title, String yUnit, List<Series> series) {
        double maxX = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[0])
                .max()
                .orElse(1);
        double maxY = niceCeiling(series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[1])
                .max()
                .orElse(1));
        maxX = Math.max(maxX, 1);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">\n"
                        .formatted(WIDTH, HEIGHT, escape(title)));
        svg.append("<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>\n"
                .formatted(LEFT, escape(title)));
        for (int i = 0; i <= 4; i++) {
            double value = maxY * i / 4;
            double y = TOP + plotHeight - plotHeight * i / 4.0;
            svg.append(line(LEFT, y, LEFT + plotWidth, y, "#e3e3e3"));
            svg.append("<text x=\"%d\" y=\"%s\" font-size=\"11\" text-anchor=\"end\">%s</text>\n"
                    .formatted(LEFT - 6, num(y + 4), escape(label(value) + " " + yUnit)));
        }
        double xStep = niceCeiling(maxX / 8);
        for (double x = 0; x <= maxX + 1e-9; x += xStep) {
            double px = LEFT + plotWidth * x / maxX;
            svg.append(line(px, TOP + plotHeight, px, TOP + plotHeight + 4, "#888"));
            svg.append("<text x=\"%s\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%ss</text>\n"
                    .formatted(num(px), TOP + plotHeight + 16, label(x)));
        }
        svg.append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "#888"));
        svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "#888"));
        int legendX = LEFT + 8;
        for (Series s : series) {
            List<String> coordinates = new ArrayList<>();
            for (double[] p : s.points()) {
                coordinates.add(
                        num(LEFT + plotWidth * p[0] / maxX) + "," + num(TOP + plotHeight - plotHeight * p[1] / maxY));
            }
            svg.append("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" points=\"%s\"/>\n"
                    .formatted(s.color(), String.join(" ", coordinates)));
            svg.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    .formatted(legendX, HEIGHT - 12, s.color()));
            svg.append("<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>\n"
                    .formatted(legendX + 16, HEIGHT - 8, escape(s.label())));
            legendX += 24 + 7 * s.label().length();
        }
        return svg.append("</svg>\n").toString();
    }

    /** The smallest 1, 2, 2.5 or 5 times a power of ten that is at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * magnitude >= value - 1e-9) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>\n"
                .formatted(num(x1), num(y1), num(x2), num(y2), color);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String label(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
