// Shape arithmetic over a config without allocating anything: the layer table of `alexnet summary`.
package dev.alexnet.core.model;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-layer output shapes, parameter counts and forward FLOPs of an {@link AlexNetConfig}. */
public final class Architecture {
    private Architecture() {}

    /**
     * One row of the table. {@code flops} counts a multiply-add as 2 for one image, forward;
     * element-wise layers count one FLOP per element (LRN a few), as Keras-style summaries do.
     */
    public record Row(String name, String kind, Shape output, long params, long flops, String detail) {}

    public static List<Row> rows(AlexNetConfig cfg) {
        List<Row> rows = new ArrayList<>();
        Shape s = new Shape(1, cfg.inC(), cfg.inH(), cfg.inW());
        for (LayerSpec l : cfg.layers()) {
            switch (l) {
                case LayerSpec.Conv c -> {
                    ConvGeom g = conv(s, c);
                    Shape out = g.outputShape();
                    rows.add(new Row(c.name(), "Conv2d", out, (long) g.filterShape().size() + c.k(), g.flops(),
                            c.r() + "x" + c.r() + " /" + c.stride() + " pad " + c.pad() + (c.groups() > 1 ? " groups " + c.groups() : "")));
                    s = out;
                }
                case LayerSpec.Relu r -> rows.add(new Row(r.name(), "ReLU", s, 0, s.size(), ""));
                case LayerSpec.Lrn n -> rows.add(new Row(n.name(), "LRN", s, 0, (long) s.size() * (n.params().size() * 2L + 3),
                        String.format(Locale.ROOT, "n=%d k=%s alpha=%s beta=%s", n.params().size(), fmt(n.params().k()),
                                fmt(n.params().alpha()), fmt(n.params().beta()))));
                case LayerSpec.MaxPool p -> {
                    PoolGeom g = pool(s, p);
                    Shape out = g.outputShape();
                    rows.add(new Row(p.name(), "MaxPool2d", out, 0, (long) out.size() * p.size() * p.size(),
                            p.size() + "x" + p.size() + " /" + p.stride()));
                    s = out;
                }
                case LayerSpec.Dropout d -> rows.add(new Row(d.name(), "Dropout", s, 0, 0, "p=" + d.p()));
                case LayerSpec.Linear f -> {
                    long in = s.perImage();
                    Shape out = Shape.matrix(1, f.out());
                    rows.add(new Row(f.name(), "Linear", out, in * f.out() + f.out(), 2L * in * f.out(), in + " -> " + f.out()));
                    s = out;
                }
            }
        }
        return rows;
    }

    public static long totalParams(AlexNetConfig cfg) {
        return rows(cfg).stream().mapToLong(Row::params).sum();
    }

    public static long totalFlops(AlexNetConfig cfg) {
        return rows(cfg).stream().mapToLong(Row::flops).sum();
    }

    /** The geometry of a convolution spec applied to input shape {@code s}. */
    public static ConvGeom conv(Shape s, LayerSpec.Conv c) {
        return new ConvGeom(s.n(), s.c(), s.h(), s.w(), c.k(), c.r(), c.r(), c.stride(), c.pad(), c.groups());
    }

    public static PoolGeom pool(Shape s, LayerSpec.MaxPool p) {
        return new PoolGeom(s.n(), s.c(), s.h(), s.w(), p.size(), p.stride());
    }

    /** A text table in the style of Keras' model.summary(). */
    public static String table(AlexNetConfig cfg) {
        List<Row> rows = rows(cfg);
        StringBuilder sb = new StringBuilder();
        String line = "-".repeat(86) + "\n";
        sb.append(String.format(Locale.ROOT, "AlexNet preset '%s', input %dx%dx%d, %d classes%n", cfg.preset(), cfg.inC(), cfg.inH(), cfg.inW(), cfg.classes()));
        sb.append(line);
        sb.append(String.format(Locale.ROOT, "%-8s %-10s %-16s %12s %14s  %s%n", "layer", "type", "output (CxHxW)", "params", "MFLOP", "settings"));
        sb.append(line.replace('-', '='));
        for (Row r : rows) {
            String shape = r.output().h() == 1 && r.output().w() == 1 ? String.valueOf(r.output().c())
                    : r.output().c() + "x" + r.output().h() + "x" + r.output().w();
            sb.append(String.format(Locale.ROOT, "%-8s %-10s %-16s %,12d %14.2f  %s%n", r.name(), r.kind(), shape, r.params(), r.flops() / 1e6, r.detail()));
        }
        sb.append(line);
        long params = totalParams(cfg), flops = totalFlops(cfg);
        sb.append(String.format(Locale.ROOT, "Total parameters: %,d (%.2f M, %.1f MB as float32)%n", params, params / 1e6, params * 4 / 1e6));
        long heavy = rows.stream().filter(r -> r.kind().equals("Conv2d") || r.kind().equals("Linear")).mapToLong(Row::flops).sum();
        sb.append(String.format(Locale.ROOT, "Forward FLOPs per image: %.1f M, of which convolutions and FC %.1f M (training step ~3x: %.1f M)%n",
                flops / 1e6, heavy / 1e6, 3 * flops / 1e6));
        return sb.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
