// Tests CurvePlots headless: renders the fixture CSVs (1 and 5 epochs) and checks the decoded PNGs and the errors.
package dev.alexnet.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvePlotsTest {

    static final int TRAIN = 0x0072B2, VAL = 0xE69F00, LR = 0x009E73;
    // A rendered chart has text, grid, frame and anti-aliased curves; a blank or single-colour file has 1 or 2.
    static final int MIN_COLOURS = 20;

    @TempDir
    Path dir;

    @Test
    void oneEpochRunWritesLossAccuracyPrecisionAndLr() throws IOException {
        List<Path> files = CurvePlots.renderRun(MetricsCsvTest.fixture("metrics-1epoch.csv"), dir.resolve("out"));
        assertEquals(List.of("loss.png", "accuracy.png", "precision.png", "lr.png"), names(files));
        for (Path f : files) {
            BufferedImage img = Png.check(f, CurvePlots.WIDTH, CurvePlots.HEIGHT, MIN_COLOURS);
            if (f.endsWith("lr.png")) {
                assertTrue(Png.countColour(img, LR) > 50, f + ": learning-rate marker missing");
            } else {
                // One point each: the markers (and legend swatches) must still be drawn in the series colours.
                assertTrue(Png.countColour(img, TRAIN) > 50, f + ": train marker missing");
                assertTrue(Png.countColour(img, VAL) > 50, f + ": validation marker missing");
            }
        }
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void loadingThePlotClassesSetsHeadless() throws ClassNotFoundException {
        // Surefire does not set the property; only the plots classes' static initialisers can have.
        Class.forName("dev.alexnet.plots.ConfusionPlot");
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    @Test
    void fiveEpochRunAlsoWritesRecallAndF1FromExtraColumns() throws IOException {
        List<Path> files = CurvePlots.renderRun(MetricsCsvTest.fixture("metrics-5epochs.csv"), dir);
        assertEquals(List.of("loss.png", "accuracy.png", "precision.png", "recall.png", "f1.png", "lr.png"), names(files));
        for (Path f : files) {
            BufferedImage img = Png.check(f, CurvePlots.WIDTH, CurvePlots.HEIGHT, MIN_COLOURS);
            if (!f.endsWith("lr.png")) {
                // Five markers plus four line segments: clearly more series colour than the one-epoch legend swatch.
                assertTrue(Png.countColour(img, TRAIN) > 400, f + ": train curve missing");
                assertTrue(Png.countColour(img, VAL) > 400, f + ": validation curve missing");
            }
        }
    }

    @Test
    void overlayDrawsOneCurvePerRun() throws IOException {
        Path out = dir.resolve("cmp/val_accuracy.png");
        Path written = CurvePlots.renderOverlay(
            List.of(MetricsCsvTest.fixture("metrics-5epochs.csv"), MetricsCsvTest.fixture("metrics-1epoch.csv")),
            List.of("five epochs", "one epoch"), "val_accuracy", out);
        assertEquals(out, written);
        BufferedImage img = Png.check(out, CurvePlots.WIDTH, CurvePlots.HEIGHT, MIN_COLOURS);
        assertTrue(Png.countColour(img, TRAIN) > 400, "first run's curve missing");
        assertTrue(Png.countColour(img, VAL) > 50, "second run's marker missing");
    }

    @Test
    void overlayRejectsMissingColumnAndLabelMismatch() {
        Path csv = MetricsCsvTest.fixture("metrics-1epoch.csv");
        PlotException e = assertThrows(PlotException.class,
            () -> CurvePlots.renderOverlay(List.of(csv), List.of("a"), "val_f1", dir.resolve("x.png")));
        assertTrue(e.getMessage().contains(csv.toString()) && e.getMessage().contains("'val_f1'"), e.getMessage());
        assertThrows(PlotException.class,
            () -> CurvePlots.renderOverlay(List.of(csv), List.of("a", "b"), "val_loss", dir.resolve("x.png")));
        e = assertThrows(PlotException.class,
            () -> CurvePlots.renderOverlay(List.of(csv, csv), List.of("a", "a"), "val_loss", dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.png")));
    }

    @Test
    void malformedCsvGivesPlotExceptionNamingTheLine() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, MetricsCsvTest.HEADER + "\n1,0.01,0.9,0.6,0.6,0.6,0.7,0.7,41,1456\n2,0.01,0.5,0.8,0.8,oops,0.8,0.8,41,1456\n");
        PlotException e = assertThrows(PlotException.class, () -> CurvePlots.renderRun(csv, dir));
        assertTrue(e.getMessage().startsWith(csv + ":3: "), e.getMessage());
        assertTrue(e.getMessage().contains("'val_loss'"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("loss.png")));
    }

    @Test
    void missingRequiredColumnOrNoRowsIsAnError() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, "epoch,train_loss,val_loss\n1,0.5,0.4\n");
        PlotException e = assertThrows(PlotException.class, () -> CurvePlots.renderRun(csv, dir));
        assertTrue(e.getMessage().contains("'train_accuracy'"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("loss.png")), "loss.png written before the missing column was found");
        Files.writeString(csv, MetricsCsvTest.HEADER + "\n");
        e = assertThrows(PlotException.class, () -> CurvePlots.renderRun(csv, dir));
        assertTrue(e.getMessage().contains("no epoch rows"), e.getMessage());
    }

    static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }
}
