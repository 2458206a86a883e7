// Tests MetricsCsv against the fixture files and hand-written malformed inputs (exact values, exact line numbers).
package dev.alexnet.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MetricsCsvTest {

    static final String HEADER =
        "epoch,lr,train_loss,train_accuracy,train_precision,val_loss,val_accuracy,val_precision,seconds,images_per_second";

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(MetricsCsvTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    Path write(String content) throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsFiveEpochFixtureByName() {
        MetricsCsv csv = MetricsCsv.read(fixture("metrics-5epochs.csv"));
        assertEquals(5, csv.epochs());
        assertEquals(14, csv.columns().size());
        assertEquals("epoch", csv.columns().get(0));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, csv.column("epoch"));
        assertArrayEquals(new double[] {0.01, 0.01, 0.01, 0.001, 0.001}, csv.column("lr"));
        assertArrayEquals(new double[] {0.7780, 0.8301, 0.8555, 0.8712, 0.8744}, csv.column("val_accuracy"));
        // Extra, later columns are read like any other.
        assertArrayEquals(new double[] {0.7730, 0.8288, 0.8554, 0.8713, 0.8744}, csv.column("val_f1"));
        assertTrue(csv.has("train_recall"));
        assertFalse(csv.has("train_auc"));
    }

    @Test
    void readsOneEpochFixture() {
        MetricsCsv csv = MetricsCsv.read(fixture("metrics-1epoch.csv"));
        assertEquals(1, csv.epochs());
        assertArrayEquals(new double[] {1456.3}, csv.column("images_per_second"));
    }

    @Test
    void columnOrderIsIrrelevantAndCrlfBomBlankLinesAndSpacesAreAccepted() throws IOException {
        Path file = write("\uFEFFval_loss, epoch ,x\r\n\r\n 0.5 ,3,NaN\r\n0.25,4,7\r\n\r\n");
        MetricsCsv csv = MetricsCsv.read(file);
        assertEquals(List.of("val_loss", "epoch", "x"), csv.columns());
        assertArrayEquals(new double[] {3, 4}, csv.column("epoch"));
        assertArrayEquals(new double[] {0.5, 0.25}, csv.column("val_loss"));
        assertTrue(Double.isNaN(csv.column("x")[0]));
    }

    @Test
    void headerOnlyHasZeroEpochs() throws IOException {
        assertEquals(0, MetricsCsv.read(write(HEADER + "\n")).epochs());
    }

    @Test
    void returnedArraysAreCopies() {
        MetricsCsv csv = MetricsCsv.read(fixture("metrics-1epoch.csv"));
        csv.column("epoch")[0] = 99;
        csv.values().get("epoch")[0] = 99;
        assertArrayEquals(new double[] {1}, csv.column("epoch"));
    }

    // Each malformed file must fail with a message of the form "<file>:<line>: <problem>".
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "short row       | epoch,a,b\\n1,2,3\\n2,3\\n                  | 3 | expected 3 fields, found 2",
        "long row        | epoch,a\\n1,2\\n2,3,4\\n                    | 3 | expected 2 fields, found 3",
        "trailing comma  | epoch,a\\n1,2,\\n                         | 2 | expected 2 fields, found 3",
        "not a number    | epoch,val_loss\\n1,0.5\\n\\n3,abc\\n        | 4 | column 'val_loss': not a number: \"abc\"",
        "empty value     | epoch,val_loss\\n1,\\n                     | 2 | empty value in column 'val_loss'",
        "no epoch column | step,loss\\n1,2\\n                         | 1 | header has no 'epoch' column",
        "duplicate name  | epoch,loss,loss\\n1,2,3\\n                  | 1 | duplicate column 'loss'",
        "empty name      | epoch,,loss\\n1,2,3\\n                      | 1 | empty column name at position 2",
        "empty file      | ''                                          | 1 | empty file",
    })
    void malformedInputNamesFileLineAndProblem(String what, String content, int line, String problem) throws IOException {
        Path file = write(content.strip().replace("\\n", "\n"));
        PlotException e = assertThrows(PlotException.class, () -> MetricsCsv.read(file));
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void missingFileNamesTheFile() {
        Path file = dir.resolve("absent/metrics.csv");
        PlotException e = assertThrows(PlotException.class, () -> MetricsCsv.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void missingColumnNamesFileAndColumn() {
        Path file = fixture("metrics-1epoch.csv");
        PlotException e = assertThrows(PlotException.class, () -> MetricsCsv.read(file).column("val_f1"));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'val_f1'"), e.getMessage());
    }

    // Any table of doubles written with Double.toString reads back bit for bit, in any column count.
    @Property(tries = 50)
    void roundTripsWrittenValues(@ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
                                 @ForAll @IntRange(min = 1, max = 4) int extraColumns) throws IOException {
        Path file = Files.createTempFile("metrics", ".csv");
        try {
            StringBuilder sb = new StringBuilder("epoch");
            for (int c = 0; c < extraColumns; c++) sb.append(",m").append(c);
            sb.append('\n');
            List<double[]> expected = new ArrayList<>();
            for (int c = 0; c < extraColumns; c++) expected.add(new double[values.size()]);
            for (int r = 0; r < values.size(); r++) {
                sb.append(r + 1);
                for (int c = 0; c < extraColumns; c++) {
                    double v = values.get(r) * (c + 1);
                    expected.get(c)[r] = v;
                    sb.append(',').append(v);
                }
                sb.append('\n');
            }
            Files.writeString(file, sb);
            MetricsCsv csv = MetricsCsv.read(file);
            assertEquals(values.size(), csv.epochs());
            for (int c = 0; c < extraColumns; c++) assertArrayEquals(expected.get(c), csv.column("m" + c));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
