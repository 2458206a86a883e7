// Confusion matrix heat map (rows: actual class, columns: predicted class) with the count in every cell, as a PNG.
package dev.alexnet.plots;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Draws a confusion matrix as an XChart heat map of {@link #WIDTH} x {@link #HEIGHT} pixels. */
public final class ConfusionPlot {

    static {
        Charts.ensureHeadless();
    }

    public static final int WIDTH = 1000;
    public static final int HEIGHT = 900;

    private ConfusionPlot() {
    }

    /**
     * Renders {@code counts} with actual classes down the y axis (first class at the top) and predicted classes
     * along the x axis; the title gives the share on the diagonal.
     *
     * @param counts     (classes, classes): {@code counts[actual][predicted]}, all non-negative
     * @param classNames one name per class, in index order
     * @param outPng     the PNG to write (parent folders are created)
     * @return {@code outPng}
     * @throws PlotException if {@code counts} is not square, does not match {@code classNames}, has a negative
     *                       entry, or the PNG cannot be written
     */
    public static Path render(int[][] counts, List<String> classNames, Path outPng) {
        final int n = classNames.size();
        if (n == 0) throw new PlotException(outPng + ": confusion matrix with no classes");
        if (counts.length != n) throw new PlotException(outPng + ": confusion matrix has " + counts.length + " rows for " + n + " class names");
        long total = 0, correct = 0;
        int max = 0;
        for (int a = 0; a < n; a++) {
            if (counts[a] == null || counts[a].length != n) {
                throw new PlotException(outPng + ": confusion matrix row " + a + " has " + (counts[a] == null ? 0 : counts[a].length) + " columns, expected " + n);
            }
            for (int p = 0; p < n; p++) {
                int c = counts[a][p];
                if (c < 0) throw new PlotException(outPng + ": negative count " + c + " at actual " + a + ", predicted " + p);
                total += c;
                if (a == p) correct += c;
                max = Math.max(max, c);
            }
        }
        String title = total == 0 ? "Confusion matrix (empty)"
            : String.format(Locale.ROOT, "Confusion matrix - %d / %d correct (%.2f%%)", correct, total, 100.0 * correct / total);

        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("predicted class").yAxisTitle("actual class").build();
        HeatMapStyler s = chart.getStyler();
        Charts.styleCommon(s);
        s.setAxisTitleFont(Charts.AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, n > 12 ? 11 : 14));
        s.setXAxisLabelRotation(n > 5 ? 40 : 0);
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setShowValue(true);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, n > 12 ? 10 : 14));
        // Light-to-mid blue keeps the black counts readable on the darkest cells.
        s.setValueFontColor(Color.BLACK);
        s.setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x9ECAE1), new Color(0x4292C6)});
        s.setHeatMapValueDecimalPattern("#");
        s.setHeatMapDecimalValueFormatter(v -> Long.toString(Math.round(v))); // counts, also on the colour scale
        s.setMin(0);
        s.setMax(Math.max(1, max));
        s.setDrawBorder(true);
        s.setPlotContentSize(0.98);
        s.setYAxisDecimalPattern("#");

        // Heat map y index 0 is drawn at the bottom, so actual classes are listed in reverse to put class 0 on top.
        List<String> xNames = new ArrayList<>(classNames);
        List<String> yNames = new ArrayList<>(classNames.reversed());
        List<Number[]> cells = new ArrayList<>(n * n);
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, n - 1 - a, counts[a][p]});
            }
        }
        chart.addSeries("count", xNames, yNames, cells);
        return Charts.savePng(chart, outPng);
    }
}
