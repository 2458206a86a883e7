// Tests PlotMain's argument handling on a temporary run folder holding the 5-epoch fixture.
package dev.alexnet.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotMainTest {

    @TempDir
    Path dir;

    @Test
    void rendersRunFolderInPlaceAndOverlay() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run-a"));
        Files.copy(MetricsCsvTest.fixture("metrics-5epochs.csv"), run.resolve("metrics.csv"));
        List<Path> files = PlotMain.run(new String[] {run.toString()});
        assertEquals(6, files.size());
        for (Path f : files) assertEquals(run, f.getParent());

        Path out = dir.resolve("overlay.png");
        assertEquals(List.of(out), PlotMain.run(new String[] {"--overlay", "val_loss", out.toString(), run.toString(), run.toString()}));
        Png.check(out, CurvePlots.WIDTH, CurvePlots.HEIGHT, 20);
    }

    @Test
    void badArgumentsAndMissingFolder() {
        assertThrows(IllegalArgumentException.class, () -> PlotMain.run(new String[] {}));
        assertThrows(IllegalArgumentException.class, () -> PlotMain.run(new String[] {"--overlay", "val_loss"}));
        PlotException e = assertThrows(PlotException.class, () -> PlotMain.run(new String[] {dir.resolve("none").toString()}));
        assertTrue(e.getMessage().contains("metrics.csv"), e.getMessage());
    }
}
