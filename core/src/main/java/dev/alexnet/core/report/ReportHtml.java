// Renders a run report (or a comparison of runs) as one self-contained HTML page: PNGs as base64 data URIs, no network.
package dev.alexnet.core.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The page, top to bottom: title, headline figures, charts (two per row, wide ones alone), tables, the run's
 * settings, and a preformatted block (the {@code alexnet summary} layer table). Every text is HTML-escaped; the
 * page loads nothing from anywhere (no scripts, no fonts, no links), so it opens the same offline.
 */
public final class ReportHtml {
    private ReportHtml() {}

    /** A headline number, e.g. ("test accuracy", "91.23 %"). */
    public record Figure(String name, String value) {}

    /** A PNG with its caption; {@code wide} ones take a whole row. */
    public record Image(String caption, byte[] png, boolean wide) {}

    /** A table; cells that look numeric are right-aligned. */
    public record Table(String caption, List<String> header, List<List<String>> rows) {}

    /**
     * @param settings  key -> value of the run (summary.json), shown as a two-column table; empty to leave out
     * @param preTitle  heading of {@code pre}
     * @param pre       preformatted text (monospace), or null
     */
    public record Page(String title, String subtitle, List<Figure> figures, List<Image> images, List<Table> tables,
                       Map<String, Object> settings, String preTitle, String pre) {}

    public static String render(Page page) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>").append(esc(page.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        sb.append("<header><h1>").append(esc(page.title())).append("</h1>");
        if (page.subtitle() != null && !page.subtitle().isEmpty()) sb.append("<p class=\"sub\">").append(esc(page.subtitle())).append("</p>");
        sb.append("</header>\n");
        if (!page.figures().isEmpty()) {
            sb.append("<section class=\"figures\">\n");
            for (Figure f : page.figures()) {
                sb.append("<div class=\"figure\"><div class=\"value\">").append(esc(f.value()))
                  .append("</div><div class=\"name\">").append(esc(f.name())).append("</div></div>\n");
            }
            sb.append("</section>\n");
        }
        if (!page.images().isEmpty()) {
            sb.append("<section class=\"charts\">\n");
            for (Image im : page.images()) {
                sb.append("<figure class=\"").append(im.wide() ? "chart wide" : "chart").append("\"><img alt=\"")
                  .append(esc(im.caption())).append("\" src=\"data:image/png;base64,")
                  .append(Base64.getEncoder().encodeToString(im.png())).append("\"><figcaption>")
                  .append(esc(im.caption())).append("</figcaption></figure>\n");
            }
            sb.append("</section>\n");
        }
        for (Table t : page.tables()) table(sb, t);
        if (!page.settings().isEmpty()) {
            sb.append("<section><h2>Settings</h2>\n<table class=\"settings\">\n");
            for (Map.Entry<String, Object> e : page.settings().entrySet()) {
                sb.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(settingText(e.getValue()))).append("</td></tr>\n");
            }
            sb.append("</table></section>\n");
        }
        if (page.pre() != null) {
            sb.append("<section><h2>").append(esc(page.preTitle())).append("</h2>\n<pre>").append(esc(page.pre())).append("</pre></section>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, Table t) {
        sb.append("<section><h2>").append(esc(t.caption())).append("</h2>\n<table class=\"data\">\n<thead><tr>");
        for (String h : t.header()) sb.append("<th>").append(esc(h)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            sb.append("<tr>");
            for (String cell : row) {
                sb.append(numeric(cell) ? "<td class=\"num\">" : "<td>").append(esc(cell)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></section>\n");
    }

    /** Numbers from summary.json are doubles; whole ones print without ".0". */
    public static String settingText(Object v) {
        if (v == null) return "-";
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
        return v.toString();
    }

    private static boolean numeric(String s) {
        return s.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?( ?%)?");
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1240px;
                   padding: 0 16px; color: #222; background: #fff; }
            header h1 { margin: 0 0 4px 0; font-size: 28px; }
            .sub { margin: 0 0 16px 0; color: #555; }
            h2 { font-size: 20px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 28px; }
            .figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
            .figure { flex: 1 1 110px; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 12px; background: #f6f8fa; }
            .figure .value { font-size: 22px; font-weight: bold; color: #0b5394; }
            .figure .name { font-size: 13px; color: #555; }
            .charts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
            .chart { margin: 0; border: 1px solid #eee; padding: 4px; text-align: center; min-width: 0; }
            .chart.wide { grid-column: 1 / span 2; }
            .chart img { max-width: 100%; height: auto; }
            .chart.wide img { max-width: 760px; }
            figcaption { font-size: 13px; color: #555; margin-top: 4px; }
            table { border-collapse: collapse; font-size: 14px; }
            section { max-width: 100%; overflow-x: auto; }
            th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; }
            thead th { background: #f6f8fa; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.settings th { background: #f6f8fa; font-weight: normal; color: #444; }
            pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: 12px; font-size: 12px; overflow-x: auto; }
            """;
}
