// Per-epoch training curves (train vs validation) from metrics.csv, and overlays of one column across runs, as PNGs.
package dev.alexnet.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the curves of one training run ({@link #renderRun}) or compares a column across runs
 * ({@link #renderOverlay}). Every chart is {@link #WIDTH} x {@link #HEIGHT} pixels, has the epoch (as integers)
 * on x, markers on every point (so a one-epoch run still shows), and its legend below the plot area, where it
 * cannot hide a curve. Non-finite values (NaN) are left out of a curve.
 */
public final class CurvePlots {

    static {
        Charts.ensureHeadless();
    }

    public static final int WIDTH = 1000;
    public static final int HEIGHT = 650;

    /** Metrics drawn as a train/validation pair, in output order: name, chart title, y axis title. */
    private record Pair(String metric, String title, String yTitle, boolean required) {
    }

    private static final List<Pair> PAIRS = List.of(
        new Pair("loss", "Loss", "cross-entropy loss", true),
        new Pair("accuracy", "Accuracy", "accuracy", true),
        new Pair("precision", "Precision (macro)", "precision", true),
        new Pair("recall", "Recall (macro)", "recall", false),
        new Pair("f1", "F1 score (macro)", "F1", false));

    // XChart leaves out a tick that falls exactly on the end of a range; widening by this keeps "0" and "1.00".
    private static final double EDGE = 1e-9;

    private CurvePlots() {
    }

    /**
     * Renders the curves of one run into {@code outDir}: {@code loss.png}, {@code accuracy.png},
     * {@code precision.png}, then {@code recall.png} and {@code f1.png} when the file has a train or validation
     * column for them, and {@code lr.png} when it has {@code lr}. Each pair chart has a train and a validation curve.
     *
     * @param metricsCsv a trainer's {@code metrics.csv}
     * @param outDir     folder for the PNGs (created if missing; existing files are replaced)
     * @return the written files, in the order above
     * @throws PlotException if the CSV is malformed, lacks a required column, has no rows, or a PNG cannot be written
     */
    public static List<Path> renderRun(Path metricsCsv, Path outDir) {
        MetricsCsv csv = MetricsCsv.read(metricsCsv);
        if (csv.epochs() == 0) throw new PlotException(metricsCsv + ": no epoch rows after the header");
        double[] epoch = csv.column(MetricsCsv.EPOCH);
        String run = runName(metricsCsv);
        // Check every required column before writing anything, so a bad file leaves no partial set of PNGs.
        for (Pair pair : PAIRS) {
            if (pair.required()) {
                csv.column("train_" + pair.metric()); // throws, naming the file and the missing column
                csv.column("val_" + pair.metric());
            }
        }
        List<Path> written = new ArrayList<>();
        for (Pair pair : PAIRS) {
            String train = "train_" + pair.metric(), val = "val_" + pair.metric();
            if (!csv.has(train) && !csv.has(val)) continue;
            XYChart chart = newChart(pair.title() + " per epoch - " + run, pair.yTitle());
            int added = 0;
            if (csv.has(train)) added += addSeries(chart, "train", epoch, csv.column(train), 0, SeriesMarkers.CIRCLE);
            if (csv.has(val)) added += addSeries(chart, "validation", epoch, csv.column(val), 1, SeriesMarkers.DIAMOND);
            if (added == 0) throw new PlotException(metricsCsv + ": columns " + train + "/" + val + " have no finite values");
            finishAxes(chart, pair.metric(), epoch, valuesOf(csv, train, val));
            written.add(Charts.savePng(chart, outDir.resolve(pair.metric() + ".png")));
        }
        if (csv.has("lr")) {
            XYChart chart = newChart("Learning rate per epoch - " + run, "learning rate");
            if (addSeries(chart, "learning rate", epoch, csv.column("lr"), 2, SeriesMarkers.SQUARE) > 0) {
                finishAxes(chart, "lr", epoch, List.of(csv.column("lr")));
                written.add(Charts.savePng(chart, outDir.resolve("lr.png")));
            }
        }
        return written;
    }

    /**
     * Compares one column across runs: one curve per run, labelled by {@code labels}.
     *
     * @param metricsCsvs the runs' {@code metrics.csv} files (at least one)
     * @param labels      legend label per file, same length, all distinct
     * @param column      a column present in every file, for example {@code val_accuracy}
     * @param outPng      the PNG to write (parent folders are created)
     * @return {@code outPng}
     * @throws PlotException if a file is malformed or lacks {@code column}, or the PNG cannot be written
     */
    public static Path renderOverlay(List<Path> metricsCsvs, List<String> labels, String column, Path outPng) {
        if (metricsCsvs.isEmpty()) throw new PlotException("overlay of '" + column + "': no metrics files given");
        if (metricsCsvs.size() != labels.size()) {
            throw new PlotException("overlay of '" + column + "': " + metricsCsvs.size() + " files but " + labels.size() + " labels");
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new PlotException("overlay of '" + column + "': labels must be distinct: " + labels);
        }
        XYChart chart = newChart(column + " per epoch", column);
        List<double[]> epochs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL};
        for (int i = 0; i < metricsCsvs.size(); i++) {
            MetricsCsv csv = MetricsCsv.read(metricsCsvs.get(i));
            double[] epoch = csv.column(MetricsCsv.EPOCH);
            double[] y = csv.column(column);
            if (addSeries(chart, labels.get(i), epoch, y, i % Charts.PALETTE.length, markers[i % markers.length]) == 0) {
                throw new PlotException(metricsCsvs.get(i) + ": column '" + column + "' has no finite values");
            }
            epochs.add(epoch);
            ys.add(y);
        }
        finishAxes(chart, column, concat(epochs), ys);
        return Charts.savePng(chart, outPng);
    }

    // ---- chart assembly ----

    private static XYChart newChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        Charts.styleCommon(s);
        s.setAxisTitleFont(Charts.AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(Charts.TICK_FONT);
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xDDDDDD));
        s.setPlotBorderColor(Color.GRAY);
        s.setMarkerSize(9);
        s.setPlotContentSize(1.0); // finishAxes sets every range itself, with its own margins
        s.setYAxisTickMarkSpacingHint(60);
        return chart;
    }

    /** Adds the finite (epoch, value) points as one line-with-markers series; returns how many points it has. */
    private static int addSeries(XYChart chart, String name, double[] epoch, double[] y, int colour, Marker marker) {
        List<Double> xs = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (int i = 0; i < epoch.length; i++) {
            if (Double.isFinite(epoch[i]) && Double.isFinite(y[i])) {
                xs.add(epoch[i]);
                vs.add(y[i]);
            }
        }
        if (xs.isEmpty()) return 0;
        XYSeries series = chart.addSeries(name, xs, vs);
        series.setLineColor(Charts.PALETTE[colour]);
        series.setMarkerColor(Charts.PALETTE[colour]);
        series.setMarker(marker);
        series.setLineStyle(new BasicStroke(2.5f));
        return xs.size();
    }

    /**
     * X: integer epoch ticks with half an epoch of margin, so the first and last points are not on the frame.
     * Y: fractions in [0, 1], zoomed to [lower, 1] when every value is at least 0.5; losses from 0;
     * learning rates on a log axis when they span a factor of 10 or more.
     */
    private static void finishAxes(XYChart chart, String column, double[] epoch, List<double[]> ys) {
        XYStyler s = chart.getStyler();
        double eMin = Double.POSITIVE_INFINITY, eMax = Double.NEGATIVE_INFINITY;
        for (double e : epoch) {
            if (Double.isFinite(e)) {
                eMin = Math.min(eMin, e);
                eMax = Math.max(eMax, e);
            }
        }
        // Markers shrink on long runs so the curve is not a row of overlapping blobs.
        int points = (int) Math.round(eMax - eMin) + 1;
        s.setMarkerSize(points <= 20 ? 9 : points <= 60 ? 6 : 4);
        // A lone epoch gets a whole epoch either side: XChart draws no x tick at all for a range of one.
        double margin = eMax == eMin ? 1 : Math.max(0.5, 0.02 * (eMax - eMin));
        s.setXAxisMin(eMin - margin);
        s.setXAxisMax(eMax + margin);
        // Integer epoch ticks: XChart picks its grid step as about (range * spacing hint / plot width) rounded to a
        // nice 1, 2 or 5 times a power of ten, so a hint of at least WIDTH / range keeps the step at 1 or more.
        // (A label-formatting function that blanks fractional ticks makes XChart drop every x label.)
        double range = eMax + margin - (eMin - margin);
        s.setXAxisTickMarkSpacingHint(Math.max(74, (int) Math.ceil(WIDTH / range)));
        s.setXAxisDecimalPattern("#");

        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] y : ys) {
            for (double v : y) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        String kind = column.toLowerCase(Locale.ROOT);
        if (isFraction(kind) && lo >= 0 && hi <= 1) {
            // Zoom only when the curves live in the top half; otherwise the full [0, 1] reads best.
            double lower = lo >= 0.5 ? Math.max(0, Math.floor((lo - 0.02) * 20) / 20) : 0;
            s.setYAxisMin(lower - EDGE);
            s.setYAxisMax(1.0 + EDGE);
            s.setYAxisDecimalPattern("0.00");
        } else if (kind.contains("loss") && lo >= 0) {
            s.setYAxisMin(-EDGE);
            s.setYAxisMax(hi > 0 ? hi * 1.08 : 1.0);
            s.setYAxisDecimalPattern("0.0##");
        } else if (kind.equals("lr") && lo > 0 && hi / lo >= 10) {
            // Log axis padded by a factor 1.5 each way, so the curve clears the frame and the decades are labelled.
            s.setYAxisLogarithmic(true);
            s.setYAxisMin(lo / 1.5);
            s.setYAxisMax(hi * 1.5);
            s.setYAxisDecimalPattern("0.#######");
        } else if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            // A constant curve: give the axis a visible range around it.
            double pad = hi == 0 ? 1 : Math.abs(hi) * 0.5;
            s.setYAxisMin(hi - pad);
            s.setYAxisMax(hi + pad);
        } else {
            double pad = 0.06 * (hi - lo);
            s.setYAxisMin(lo - pad);
            s.setYAxisMax(hi + pad);
        }
    }

    private static boolean isFraction(String kind) {
        return kind.endsWith("accuracy") || kind.endsWith("precision") || kind.endsWith("recall") || kind.endsWith("f1");
    }

    private static List<double[]> valuesOf(MetricsCsv csv, String... columns) {
        List<double[]> out = new ArrayList<>();
        for (String c : columns) if (csv.has(c)) out.add(csv.column(c));
        return out;
    }

    private static double[] concat(List<double[]> arrays) {
        int n = 0;
        for (double[] a : arrays) n += a.length;
        double[] out = new double[n];
        int at = 0;
        for (double[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /** The run's folder name, for titles; the file name when there is no parent. */
    static String runName(Path metricsCsv) {
        Path parent = metricsCsv.toAbsolutePath().normalize().getParent();
        return parent != null && parent.getFileName() != null ? parent.getFileName().toString() : metricsCsv.getFileName().toString();
    }
}
