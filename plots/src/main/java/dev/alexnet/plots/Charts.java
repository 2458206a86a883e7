// Shared chart plumbing: headless AWT before XChart loads, one font/colour style for every chart, and PNG writing.
package dev.alexnet.plots;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** Package-private helpers used by {@link CurvePlots} and {@link ConfusionPlot}. */
final class Charts {

    static {
        ensureHeadless();
    }

    // Sizes chosen to stay legible when a PNG is shown at half size in a report.
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);

    /** Series colours: a colour-blind-safe palette (Okabe-Ito), train blue and validation orange first. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000),
    };

    private Charts() {
    }

    /**
     * Sets {@code java.awt.headless=true}. It must run before any AWT or XChart class initialises the graphics
     * environment, so every public entry point calls it from its static initialiser; charts are only ever written
     * to files, so a display is never wanted.
     */
    static void ensureHeadless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Fonts and background shared by every chart. */
    static void styleCommon(Styler styler) {
        styler.setChartTitleFont(TITLE_FONT);
        styler.setLegendFont(LEGEND_FONT);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setAntiAlias(true);
    }

    /** Writes {@code chart} as a PNG at exactly {@code outPng} (no extension is added), creating parent folders. */
    static Path savePng(Chart<?, ?> chart, Path outPng) {
        try {
            Path parent = outPng.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (OutputStream out = Files.newOutputStream(outPng)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
            }
        } catch (IOException e) {
            throw new PlotException(outPng + ": cannot write PNG: " + e, e);
        }
        return outPng;
    }
}
