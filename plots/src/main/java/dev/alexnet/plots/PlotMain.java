// Command-line entry for manual use: renders a run folder's metrics.csv curves, or overlays one column across runs.
package dev.alexnet.plots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Usage:
 * <pre>
 *   PlotMain RUN_DIR [OUT_DIR]                      curves of RUN_DIR/metrics.csv into OUT_DIR (default RUN_DIR)
 *   PlotMain --overlay COLUMN OUT.png RUN_DIR...    COLUMN of every run in one chart, labelled by folder name
 * </pre>
 */
public final class PlotMain {

    static {
        Charts.ensureHeadless();
    }

    private PlotMain() {
    }

    public static void main(String[] args) {
        try {
            for (Path p : run(args)) System.out.println(p);
        } catch (PlotException | IllegalArgumentException e) {
            System.err.println("plots: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Does the work of {@link #main} and returns the written files; bad arguments are an IllegalArgumentException. */
    static List<Path> run(String[] args) {
        if (args.length >= 1 && args[0].equals("--overlay")) {
            if (args.length < 4) throw new IllegalArgumentException(usage());
            String column = args[1];
            Path out = Path.of(args[2]);
            List<Path> csvs = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (String dir : Arrays.copyOfRange(args, 3, args.length)) {
                Path csv = metricsIn(Path.of(dir));
                String label = CurvePlots.runName(csv);
                // Folders of the same name under different parents still need distinct legend labels.
                for (int k = 2; labels.contains(label); k++) label = CurvePlots.runName(csv) + " (" + k + ")";
                csvs.add(csv);
                labels.add(label);
            }
            return List.of(CurvePlots.renderOverlay(csvs, labels, column, out));
        }
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) throw new IllegalArgumentException(usage());
        Path runDir = Path.of(args[0]);
        Path outDir = args.length == 2 ? Path.of(args[1]) : runDir;
        return CurvePlots.renderRun(metricsIn(runDir), outDir);
    }

    private static Path metricsIn(Path runDir) {
        // A run folder, or the CSV itself.
        Path csv = Files.isDirectory(runDir) || !runDir.toString().endsWith(".csv") ? runDir.resolve("metrics.csv") : runDir;
        if (!Files.isRegularFile(csv)) throw new PlotException(csv + ": no such metrics file");
        return csv;
    }

    private static String usage() {
        return "usage: PlotMain RUN_DIR [OUT_DIR] | PlotMain --overlay COLUMN OUT.png RUN_DIR...";
    }
}
