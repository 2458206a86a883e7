// Tests ConfusionPlot: renders 10-class and 2-class matrices headless, checks the PNGs, and rejects bad shapes.
package dev.alexnet.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionPlotTest {

    static final List<String> FASHION = List.of(
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @TempDir
    Path dir;

    @Test
    void rendersTenClassMatrix() throws IOException {
        // A plausible Fashion-MNIST test matrix: 1000 per class, mostly on the diagonal, shirts confused with tops.
        int[][] counts = new int[10][10];
        for (int a = 0; a < 10; a++) {
            counts[a][a] = 900 - 20 * (a % 3);
            counts[a][(a + 1) % 10] = 1000 - counts[a][a];
        }
        counts[6][6] -= 150;
        counts[6][0] += 150;
        Path out = ConfusionPlot.render(counts, FASHION, dir.resolve("confusion.png"));
        assertEquals(dir.resolve("confusion.png"), out);
        Png.check(out, ConfusionPlot.WIDTH, ConfusionPlot.HEIGHT, 20);
    }

    @Test
    void rendersTwoClassMatrixWithZeros() throws IOException {
        Path out = ConfusionPlot.render(new int[][] {{5, 0}, {0, 0}}, List.of("no", "yes"), dir.resolve("sub/c.png"));
        Png.check(out, ConfusionPlot.WIDTH, ConfusionPlot.HEIGHT, 10);
    }

    @Test
    void rejectsShapeMismatchAndNegativeCounts() {
        Path out = dir.resolve("c.png");
        assertThrows(PlotException.class, () -> ConfusionPlot.render(new int[][] {{1, 2}}, List.of("a", "b"), out));
        assertThrows(PlotException.class, () -> ConfusionPlot.render(new int[][] {{1, 2}, {3}}, List.of("a", "b"), out));
        PlotException e = assertThrows(PlotException.class,
            () -> ConfusionPlot.render(new int[][] {{1, -2}, {3, 4}}, List.of("a", "b"), out));
        assertTrue(e.getMessage().contains("negative count -2"), e.getMessage());
    }
}
