// The run report: confusion.csv, per_class.csv, every chart (curves, confusion, architecture) and report.html, from a run folder's files.
package dev.alexnet.cli;

import dev.alexnet.core.io.AtomicFile;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Architecture;
import dev.alexnet.core.report.ClassNames;
import dev.alexnet.core.report.ConfusionCsv;
import dev.alexnet.core.report.PerClassCsv;
import dev.alexnet.core.report.ReportHtml;
import dev.alexnet.core.report.SummaryJson;
import dev.alexnet.core.train.ConfusionMatrix;
import dev.alexnet.plots.ArchitecturePlot;
import dev.alexnet.plots.ConfusionPlot;
import dev.alexnet.plots.CurvePlots;
import dev.alexnet.plots.MetricsCsv;
import dev.alexnet.plots.PlotException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes and re-renders reports. {@link #write} is called once at the end of training (after summary.json);
 * {@link #render} redraws a run's report from its files alone (metrics.csv, summary.json, confusion.csv);
 * {@link #overlay} compares several runs in one page.
 */
public final class ReportWriter {
    public static final String METRICS = "metrics.csv", SUMMARY = "summary.json", CONFUSION = "confusion.csv",
            PER_CLASS = "per_class.csv", REPORT = "report.html";

    private ReportWriter() {}

    /**
     * What training knows that the run folder's other files do not.
     *
     * @param config        the network (for architecture.png and the layer table)
     * @param testConfusion the test set's confusion matrix
     * @param classNames    one per class, label order
     */
    public record ReportInputs(AlexNetConfig config, ConfusionMatrix testConfusion, List<String> classNames) {
        public ReportInputs {
            if (classNames.size() != testConfusion.classes()) {
                throw new IllegalArgumentException(testConfusion.classes() + " classes but " + classNames.size() + " class names");
            }
            classNames = List.copyOf(classNames);
        }

        /** With the Fashion-MNIST class names. */
        public ReportInputs(AlexNetConfig config, ConfusionMatrix testConfusion) {
            this(config, testConfusion, ClassNames.FASHION);
        }
    }

    /**
     * Saves {@code confusion.csv} and {@code per_class.csv} into {@code runDir}, then {@link #render renders} the
     * report. Call after metrics.csv and summary.json are complete.
     *
     * @return the written report.html
     */
    public static Path write(Path runDir, ReportInputs inputs) {
        try {
            AtomicFile.writeString(runDir.resolve(CONFUSION), ConfusionCsv.format(inputs.testConfusion(), inputs.classNames()));
            AtomicFile.writeString(runDir.resolve(PER_CLASS), PerClassCsv.format(inputs.testConfusion(), inputs.classNames()));
        } catch (IOException e) {
            throw new Exit.Failure(Exit.OUTPUT, "cannot write the report files in " + runDir + ": " + RunFolder.describe(e));
        }
        return render(runDir, inputs.config());
    }

    /** Re-renders a run's report from its files; the network comes from summary.json's {@code preset}. */
    public static Path render(Path runDir) {
        return render(runDir, null);
    }

    /**
     * Redraws the curves, confusion.png, architecture.png and report.html of {@code runDir}. metrics.csv is
     * required; summary.json and confusion.csv are used when present. {@code config} null means the preset
     * named in summary.json (no architecture when there is none).
     */
    static Path render(Path runDir, AlexNetConfig config) {
        Path metrics = runDir.resolve(METRICS);
        if (!Files.isRegularFile(metrics)) {
            throw new Exit.Failure(Exit.USAGE, runDir + ": no " + METRICS + " (not a run folder written by alexnet train)");
        }
        Map<String, Object> summary = readSummary(runDir);
        if (config == null && summary.get("preset") instanceof String preset && AlexNetConfig.PRESETS.contains(preset)) {
            config = AlexNetConfig.preset(preset);
        }
        List<ReportHtml.Image> images = new ArrayList<>();
        List<ReportHtml.Table> tables = new ArrayList<>();
        try {
            for (Path png : CurvePlots.renderRun(metrics, runDir)) images.add(image(png, caption(png), false));
            ConfusionCsv.Table confusion = readConfusion(runDir);
            if (confusion != null) {
                Path png = ConfusionPlot.render(confusion.matrix().toIntArray(), confusion.classNames(), runDir.resolve("confusion.png"));
                images.add(image(png, "Test set confusion matrix (rows: actual class, columns: predicted)", true));
                writeString(runDir.resolve(PER_CLASS), PerClassCsv.format(confusion.matrix(), confusion.classNames()));
                tables.add(perClassTable(confusion.matrix(), confusion.classNames()));
            }
            if (config != null) {
                Path png = ArchitecturePlot.render(architecture(config), "AlexNet '" + config.preset() + "': layers and output shapes",
                        runDir.resolve("architecture.png"));
                images.add(image(png, "Architecture: output shape per image after each layer", true));
            }
            tables.add(epochTable(MetricsCsv.read(metrics)));
            String subtitle = subtitle(summary, runDir);
            ReportHtml.Page page = new ReportHtml.Page("AlexNet run " + folderName(runDir), subtitle,
                    figures(summary, confusion == null ? null : confusion.matrix()), images, tables, summary,
                    "Layer table (alexnet summary)", config == null ? null : Architecture.table(config));
            Path out = runDir.resolve(REPORT);
            writeString(out, ReportHtml.render(page));
            return out;
        } catch (PlotException e) {
            throw new Exit.Failure(Exit.DATA, e.getMessage());
        }
    }

    /**
     * Compares runs: {@code overlay_<column>.png} for validation accuracy, loss and F1 (when every run has it),
     * training loss and the learning rate, a table of the runs' test figures, and {@code report.html} in {@code outDir}.
     *
     * @return the written report.html
     */
    public static Path overlay(List<Path> runDirs, Path outDir) {
        List<Path> csvs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<MetricsCsv> read = new ArrayList<>();
        for (Path dir : runDirs) {
            Path csv = dir.resolve(METRICS);
            if (!Files.isRegularFile(csv)) throw new Exit.Failure(Exit.USAGE, dir + ": no " + METRICS + " (not a run folder written by alexnet train)");
            String label = folderName(dir);
            for (int k = 2; labels.contains(label); k++) label = folderName(dir) + " (" + k + ")";
            csvs.add(csv);
            labels.add(label);
        }
        try {
            for (Path csv : csvs) read.add(MetricsCsv.read(csv));
            List<ReportHtml.Image> images = new ArrayList<>();
            for (String column : List.of("val_accuracy", "val_loss", "val_f1", "train_loss", "lr")) {
                if (read.stream().allMatch(m -> m.has(column))) {
                    Path png = CurvePlots.renderOverlay(csvs, labels, column, outDir.resolve("overlay_" + column + ".png"));
                    images.add(image(png, column + " of every run", false));
                }
            }
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < runDirs.size(); i++) {
                Map<String, Object> s = readSummary(runDirs.get(i));
                rows.add(List.of(labels.get(i), text(s.get("preset")), text(s.get("backend")), text(s.get("epochs")),
                        text(s.get("schedule")), pct(s.get("test_accuracy")), num(s.get("test_f1")), num(s.get("test_loss")),
                        s.get("images_per_second") instanceof Double ips ? String.format(Locale.ROOT, "%.0f", ips) : text(s.get("images_per_second"))));
            }
            ReportHtml.Table runs = new ReportHtml.Table("Runs", List.of("run", "preset", "backend", "epochs", "schedule",
                    "test accuracy", "test F1 (macro)", "test loss", "images/s"), rows);
            ReportHtml.Page page = new ReportHtml.Page("AlexNet: " + runDirs.size() + " runs compared", String.join(", ", labels),
                    List.of(), images, List.of(runs), Map.of(), null, null);
            Path out = outDir.resolve(REPORT);
            writeString(out, ReportHtml.render(page));
            return out;
        } catch (PlotException e) {
            throw new Exit.Failure(Exit.DATA, e.getMessage());
        }
    }

    /** The input then one diagram box per row of {@link Architecture#rows}. */
    static List<ArchitecturePlot.Layer> architecture(AlexNetConfig cfg) {
        List<ArchitecturePlot.Layer> layers = new ArrayList<>();
        layers.add(new ArchitecturePlot.Layer("input", "Input", cfg.classes() + " classes", cfg.inC() + "x" + cfg.inH() + "x" + cfg.inW(), 0));
        for (Architecture.Row r : Architecture.rows(cfg)) {
            String shape = r.output().h() == 1 && r.output().w() == 1 ? String.valueOf(r.output().c())
                    : r.output().c() + "x" + r.output().h() + "x" + r.output().w();
            layers.add(new ArchitecturePlot.Layer(r.name(), r.kind(), r.detail(), shape, r.params()));
        }
        return layers;
    }

    private static List<ReportHtml.Figure> figures(Map<String, Object> s, ConfusionMatrix cm) {
        List<ReportHtml.Figure> f = new ArrayList<>();
        Object acc = s.containsKey("test_accuracy") ? s.get("test_accuracy") : cm == null ? null : cm.accuracy();
        Object rec = s.containsKey("test_recall") ? s.get("test_recall") : cm == null ? null : cm.macroRecall();
        Object f1 = s.containsKey("test_f1") ? s.get("test_f1") : cm == null ? null : cm.macroF1();
        Object prec = s.containsKey("test_precision") ? s.get("test_precision") : cm == null ? null : cm.macroPrecision();
        if (acc != null) f.add(new ReportHtml.Figure("test accuracy", pct(acc)));
        if (prec != null) f.add(new ReportHtml.Figure("test precision (macro)", num(prec)));
        if (rec != null) f.add(new ReportHtml.Figure("test recall (macro)", num(rec)));
        if (f1 != null) f.add(new ReportHtml.Figure("test F1 (macro)", num(f1)));
        if (s.get("test_loss") != null) f.add(new ReportHtml.Figure("test loss", num(s.get("test_loss"))));
        if (s.get("images_per_second") instanceof Double ips) f.add(new ReportHtml.Figure("training images/s", String.format(Locale.ROOT, "%,.0f", ips)));
        if (s.get("epochs") != null) f.add(new ReportHtml.Figure("epochs", text(s.get("epochs"))));
        if (s.get("parameters") instanceof Double p) f.add(new ReportHtml.Figure("parameters", String.format(Locale.ROOT, "%.2f M", p / 1e6)));
        return f;
    }

    private static ReportHtml.Table perClassTable(ConfusionMatrix cm, List<String> names) {
        List<List<String>> rows = new ArrayList<>();
        for (PerClassCsv.Row r : PerClassCsv.rows(cm, names)) {
            rows.add(List.of(r.name(), f4(r.precision()), f4(r.recall()), f4(r.f1()), String.valueOf(r.support())));
        }
        rows.add(List.of("macro average", f4(cm.macroPrecision()), f4(cm.macroRecall()), f4(cm.macroF1()), String.valueOf(cm.total())));
        return new ReportHtml.Table("Per-class test figures (per_class.csv)", List.of("class", "precision", "recall", "F1", "support"), rows);
    }

    private static ReportHtml.Table epochTable(MetricsCsv m) {
        List<String> cols = new ArrayList<>();
        for (String c : m.columns()) if (!c.equals("seconds")) cols.add(c);
        List<List<String>> rows = new ArrayList<>();
        for (int e = 0; e < m.epochs(); e++) {
            List<String> row = new ArrayList<>();
            for (String c : cols) {
                double v = m.column(c)[e];
                row.add(c.equals("epoch") ? String.valueOf((long) v) : c.equals("lr") ? String.format(Locale.ROOT, "%.3g", v)
                        : c.equals("images_per_second") ? String.format(Locale.ROOT, "%.0f", v) : f4(v));
            }
            rows.add(row);
        }
        return new ReportHtml.Table("Per-epoch metrics (metrics.csv)", cols.stream().map(c -> c.replace('_', ' ')).toList(), rows);
    }

    private static String subtitle(Map<String, Object> s, Path runDir) {
        if (s.isEmpty()) return runDir.toAbsolutePath().normalize().toString();
        return String.format(Locale.ROOT, "preset %s, backend %s, %s epochs, batch %s, lr %s (%s), seed %s%s",
                text(s.get("preset")), text(s.get("backend")), text(s.get("epochs")), text(s.get("batch_size")), text(s.get("lr")),
                text(s.get("schedule")), text(s.get("seed")), s.get("finished") == null ? "" : ", finished " + s.get("finished"));
    }

    private static Map<String, Object> readSummary(Path runDir) {
        Path file = runDir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) return new LinkedHashMap<>();
        try {
            return SummaryJson.parse(Files.readString(file));
        } catch (IOException e) {
            throw new Exit.Failure(Exit.DATA, file + ": cannot read: " + RunFolder.describe(e));
        } catch (IllegalArgumentException e) {
            throw new Exit.Failure(Exit.DATA, file + ": " + e.getMessage());
        }
    }

    private static ConfusionCsv.Table readConfusion(Path runDir) {
        Path file = runDir.resolve(CONFUSION);
        if (!Files.isRegularFile(file)) return null;
        try {
            return ConfusionCsv.read(file);
        } catch (IOException e) {
            throw new Exit.Failure(Exit.DATA, e.getMessage());
        }
    }

    private static ReportHtml.Image image(Path png, String caption, boolean wide) {
        try {
            return new ReportHtml.Image(caption, Files.readAllBytes(png), wide);
        } catch (IOException e) {
            throw new Exit.Failure(Exit.OUTPUT, "cannot read back " + png + ": " + RunFolder.describe(e));
        }
    }

    private static String caption(Path png) {
        String name = png.getFileName().toString().replace(".png", "");
        return switch (name) {
            case "lr" -> "Learning rate per epoch";
            case "f1" -> "F1 score (macro) per epoch, train and validation";
            default -> Character.toUpperCase(name.charAt(0)) + name.substring(1) + " per epoch, train and validation";
        };
    }

    /** Through a temporary file and a rename, so a reader never sees half a report. */
    private static void writeString(Path file, String text) {
        try {
            AtomicFile.writeString(file, text);
        } catch (IOException e) {
            throw new Exit.Failure(Exit.OUTPUT, "cannot write " + file + ": " + RunFolder.describe(e));
        }
    }

    static String folderName(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }

    private static String text(Object v) {
        return ReportHtml.settingText(v);
    }

    private static String num(Object v) {
        return v instanceof Number n ? f4(n.doubleValue()) : text(v);
    }

    private static String pct(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f %%", 100 * n.doubleValue()) : text(v);
    }

    private static String f4(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
    }
}
