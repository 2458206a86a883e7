// Diagram of a network, layer by layer, with each layer's settings and output shape (like Keras' plot_model), drawn with Java2D into a PNG.
package dev.alexnet.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * One box per layer, top to bottom, joined by arrows: the layer's name and type on the left, its settings in the
 * middle, its output shape and parameter count on the right. Boxes are coloured by layer type. The input is the
 * first box. Plain strings in, so this module stays independent of the model code.
 */
public final class ArchitecturePlot {

    static {
        Charts.ensureHeadless();
    }

    public static final int WIDTH = 1000;
    static final int BOX_H = 46, GAP = 18, MARGIN = 30, TITLE_H = 80;

    /**
     * One layer.
     *
     * @param name   e.g. {@code conv1}
     * @param kind   e.g. {@code Conv2d}, {@code ReLU}, {@code LRN}, {@code MaxPool2d}, {@code Dropout}, {@code Linear}, {@code Input}
     * @param detail settings, e.g. {@code 5x5 /1 pad 2}; may be empty
     * @param output output shape per image, e.g. {@code 64x28x28}
     * @param params trainable parameters (0 for none)
     */
    public record Layer(String name, String kind, String detail, String output, long params) {}

    private ArchitecturePlot() {
    }

    /** The height of the diagram for {@code layers} boxes. */
    public static int height(int layers) {
        return TITLE_H + 2 * MARGIN + layers * BOX_H + Math.max(0, layers - 1) * GAP;
    }

    /**
     * Draws {@code layers} (at least one) under {@code title} into {@code outPng}.
     *
     * @return {@code outPng}
     * @throws PlotException if there are no layers or the PNG cannot be written
     */
    public static Path render(List<Layer> layers, String title, Path outPng) {
        if (layers.isEmpty()) throw new PlotException(outPng + ": architecture with no layers");
        int h = height(layers.size());
        BufferedImage img = new BufferedImage(WIDTH, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, h);
            g.setColor(Color.BLACK);
            g.setFont(Charts.TITLE_FONT);
            drawCentred(g, title, WIDTH / 2, MARGIN + 26);

            Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 17);
            Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
            Font mono = new Font(Font.MONOSPACED, Font.BOLD, 16);
            int left = MARGIN + 60, right = WIDTH - MARGIN - 60, boxW = right - left;
            // Column x positions: name, type, settings, output shape (centred), parameters (right-aligned).
            final int xName = left + 14, xKind = left + 110, xDetail = left + 240, xShape = left + 600, xParams = right - 14;
            int y = TITLE_H + MARGIN;
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 14));
            g.setColor(new Color(0x666666));
            g.drawString("layer", xName, y - 10);
            g.drawString("type", xKind, y - 10);
            g.drawString("settings", xDetail, y - 10);
            drawCentred(g, "output (CxHxW)", xShape, y - 10);
            g.drawString("parameters", xParams - g.getFontMetrics().stringWidth("parameters"), y - 10);
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                Color fill = fill(l.kind());
                g.setColor(fill);
                g.fillRoundRect(left, y, boxW, BOX_H, 14, 14);
                g.setColor(fill.darker().darker());
                g.setStroke(new BasicStroke(1.6f));
                g.drawRoundRect(left, y, boxW, BOX_H, 14, 14);

                int base = y + BOX_H / 2 + 6;
                g.setColor(Color.BLACK);
                g.setFont(bold);
                g.drawString(l.name(), xName, base);
                g.setFont(plain);
                g.setColor(new Color(0x333333));
                g.drawString(l.kind(), xKind, base);
                g.drawString(fit(g, l.detail(), xShape - 80 - xDetail), xDetail, base);
                g.setFont(mono);
                g.setColor(Color.BLACK);
                String out = l.output();
                drawCentred(g, out, xShape, base);
                if (l.params() > 0) {
                    g.setFont(plain);
                    g.setColor(new Color(0x333333));
                    String p = params(l.params());
                    g.drawString(p, xParams - g.getFontMetrics().stringWidth(p), base);
                }
                if (i + 1 < layers.size()) {
                    int ax = WIDTH / 2, ay0 = y + BOX_H + 2, ay1 = y + BOX_H + GAP - 2;
                    g.setColor(new Color(0x555555));
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(ax, ay0, ax, ay1 - 5);
                    g.fillPolygon(new int[] {ax - 5, ax + 5, ax}, new int[] {ay1 - 6, ay1 - 6, ay1}, 3);
                }
                y += BOX_H + GAP;
            }
        } finally {
            g.dispose();
        }
        try {
            Path parent = outPng.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(img, "png", outPng.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new PlotException(outPng + ": cannot write PNG: " + e, e);
        }
        return outPng;
    }

    /** Box colours by layer type: light tints of the chart palette, so the black text stays readable. */
    static Color fill(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "conv2d" -> new Color(0xCFE3F3);
            case "relu" -> new Color(0xEEEEEE);
            case "lrn" -> new Color(0xEBD5E5);
            case "maxpool2d" -> new Color(0xCCEBE0);
            case "dropout" -> new Color(0xFBE8C2);
            case "linear" -> new Color(0xF6D2BD);
            case "input" -> new Color(0xFFFFFF);
            default -> new Color(0xF2F2F2);
        };
    }

    /** 1,234 / 12.3 K / 37.75 M. */
    static String params(long p) {
        if (p < 10_000) return String.format(Locale.ROOT, "%,d", p);
        if (p < 1_000_000) return String.format(Locale.ROOT, "%.1f K", p / 1e3);
        return String.format(Locale.ROOT, "%.2f M", p / 1e6);
    }

    private static String fit(Graphics2D g, String s, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) return s;
        String t = s;
        while (!t.isEmpty() && fm.stringWidth(t + "...") > width) t = t.substring(0, t.length() - 1);
        return t + "...";
    }

    private static void drawCentred(Graphics2D g, String s, int cx, int baseline) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, baseline);
    }
}
