// confusion.csv and per_class.csv round trips and hand values, the summary.json reader, and the HTML page's escaping and self-containment.
package dev.alexnet.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.train.ConfusionMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
    @TempDir Path dir;

    /** 3 classes: actual 0 -> 2 right, 1 as class 1; actual 1 -> 3 right; actual 2 -> 1 as class 0, none right. */
    static ConfusionMatrix small() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.add(0, 0); cm.add(0, 0); cm.add(0, 1);
        cm.add(1, 1); cm.add(1, 1); cm.add(1, 1);
        cm.add(2, 0);
        return cm;
    }

    @Test
    void confusionCsvRoundTrips() throws IOException {
        Path f = dir.resolve("confusion.csv");
        ConfusionCsv.write(small(), List.of("a/b", "c d", "e"), f);
        assertEquals("actual\\predicted,a/b,c d,e\na/b,2,1,0\nc d,0,3,0\ne,1,0,0\n", Files.readString(f));
        ConfusionCsv.Table t = ConfusionCsv.read(f);
        assertEquals(List.of("a/b", "c d", "e"), t.classNames());
        assertArrayEquals(small().toIntArray(), t.matrix().toIntArray());
        Files.writeString(f, "actual\\predicted,a,b\na,1,2\nb,3\n");
        var e = assertThrows(IOException.class, () -> ConfusionCsv.read(f));
        assertTrue(e.getMessage().contains(":3:"), e.getMessage());
        Files.writeString(f, "actual\\predicted,a,b\na,1,-2\nb,3,4\n");
        assertThrows(IOException.class, () -> ConfusionCsv.read(f));
        assertThrows(IllegalArgumentException.class, () -> ConfusionCsv.format(small(), List.of("x,y", "b", "c")));
    }

    @Test
    void perClassFiguresByHand() {
        // class 0: precision 2/3 (predicted 0: 2 right + 1 from class 2), recall 2/3, F1 2/3, support 3
        // class 1: precision 3/4, recall 1, F1 6/7; class 2: never predicted, never right: 0, 0, 0, support 1
        assertEquals("""
                class,precision,recall,f1,support
                a,0.666667,0.666667,0.666667,3
                b,0.750000,1.000000,0.857143,3
                c,0.000000,0.000000,0.000000,1
                """, PerClassCsv.format(small(), List.of("a", "b", "c")));
        assertEquals(10, ClassNames.FASHION.size());
        assertEquals("Ankle boot", ClassNames.FASHION.get(9));
    }

    @Test
    void summaryJsonReadsTheFlatObjectInOrder() {
        Map<String, Object> m = SummaryJson.parse("{\n  \"preset\": \"fashion\",\n  \"epochs\": 3,\n  \"lr\": 1.5e-2,\n"
                + "  \"test_loss\": null,\n  \"ok\": true,\n  \"s\": \"a\\\"b\\u00e9\"\n}\n");
        assertEquals(List.of("preset", "epochs", "lr", "test_loss", "ok", "s"), List.copyOf(m.keySet()));
        assertEquals("fashion", m.get("preset"));
        assertEquals(3.0, m.get("epochs"));
        assertEquals(0.015, m.get("lr"));
        assertNull(m.get("test_loss"));
        assertEquals(true, m.get("ok"));
        assertEquals("a\"b\u00e9", m.get("s"));
        assertEquals(Map.of(), SummaryJson.parse(" {} "));
        for (String bad : new String[]{"", "{", "{\"a\":1,}", "{\"a\":1} x", "{\"a\":[1]}", "{\"a\":01}", "{\"a\":1,\"a\":2}", "{a:1}"}) {
            assertThrows(IllegalArgumentException.class, () -> SummaryJson.parse(bad), bad);
        }
    }

    @Test
    void pageIsEscapedAndSelfContained() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        ReportHtml.Page page = new ReportHtml.Page("Run <1> & co", "sub \"x\"",
                List.of(new ReportHtml.Figure("test accuracy", "91.00 %")),
                List.of(new ReportHtml.Image("loss <curve>", png, false), new ReportHtml.Image("arch", png, true)),
                List.of(new ReportHtml.Table("Per class", List.of("class", "f1"), List.of(List.of("T-shirt/top", "0.9000")))),
                Map.of("preset", "fashion", "epochs", 3.0, "lr", 0.01), "Layers", "conv1  <Conv2d>");
        String html = ReportHtml.render(page);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Run &lt;1&gt; &amp; co</title>"));
        assertTrue(html.contains("sub &quot;x&quot;"));
        assertTrue(html.contains("data:image/png;base64," + Base64.getEncoder().encodeToString(png)));
        assertEquals(2, html.split("data:image/png;base64,", -1).length - 1);
        assertTrue(html.contains("loss &lt;curve&gt;"));
        assertTrue(html.contains("<td class=\"num\">0.9000</td>"));
        assertTrue(html.contains("<th>epochs</th><td>3</td>"), "whole numbers print without .0");
        assertTrue(html.contains("conv1  &lt;Conv2d&gt;"));
        assertTrue(html.contains("chart wide"));
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<script") || html.contains("<link"),
                "nothing is loaded from outside the page");
    }
}
