// The architecture diagram: size follows the layer count, boxes are filled with their type's colour, and bad input is refused.
package dev.alexnet.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitecturePlotTest {
    @TempDir Path dir;

    @Test
    void drawsOneColouredBoxPerLayer() throws Exception {
        List<ArchitecturePlot.Layer> layers = List.of(
            new ArchitecturePlot.Layer("input", "Input", "", "1x28x28", 0),
            new ArchitecturePlot.Layer("conv1", "Conv2d", "5x5 /1 pad 2", "64x28x28", 1664),
            new ArchitecturePlot.Layer("relu1", "ReLU", "", "64x28x28", 0),
            new ArchitecturePlot.Layer("pool1", "MaxPool2d", "3x3 /2", "64x13x13", 0),
            new ArchitecturePlot.Layer("fc1", "Linear", "1024 -> 10", "10", 10250));
        Path png = ArchitecturePlot.render(layers, "test net", dir.resolve("sub/architecture.png"));
        assertEquals(ArchitecturePlot.height(5), 80 + 60 + 5 * 46 + 4 * 18);
        BufferedImage img = Png.check(png, ArchitecturePlot.WIDTH, ArchitecturePlot.height(5), 20);
        // Sample each box just inside its left edge, half-way down: the fill colour of its type.
        String[] kinds = {"Input", "Conv2d", "ReLU", "MaxPool2d", "Linear"};
        for (int i = 0; i < kinds.length; i++) {
            int y = ArchitecturePlot.TITLE_H + ArchitecturePlot.MARGIN + i * (ArchitecturePlot.BOX_H + ArchitecturePlot.GAP) + ArchitecturePlot.BOX_H / 2;
            int x = ArchitecturePlot.MARGIN + 60 + 6;
            assertEquals(ArchitecturePlot.fill(kinds[i]).getRGB() & 0xFFFFFF, img.getRGB(x, y) & 0xFFFFFF, kinds[i] + " box");
        }
        // Between two boxes, on the centre line, the arrow; off it, white background.
        int gapY = ArchitecturePlot.TITLE_H + ArchitecturePlot.MARGIN + ArchitecturePlot.BOX_H + ArchitecturePlot.GAP / 2;
        assertTrue((img.getRGB(ArchitecturePlot.WIDTH / 2, gapY) & 0xFFFFFF) != 0xFFFFFF, "arrow between boxes");
        assertEquals(0xFFFFFF, img.getRGB(ArchitecturePlot.WIDTH / 4, gapY) & 0xFFFFFF);
    }

    @Test
    void formatsParameterCounts() {
        assertEquals("1,664", ArchitecturePlot.params(1664));
        assertEquals("307.4 K", ArchitecturePlot.params(307_392));
        assertEquals("37.75 M", ArchitecturePlot.params(37_752_832));
    }

    @Test
    void refusesAnEmptyNetwork() {
        assertThrows(PlotException.class, () -> ArchitecturePlot.render(List.of(), "x", dir.resolve("a.png")));
    }
}
