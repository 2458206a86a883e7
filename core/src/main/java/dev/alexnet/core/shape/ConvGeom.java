// Geometry of one 2-D convolution: everything a backend needs to run it, forward and backward.
package dev.alexnet.core.shape;

/**
 * A grouped 2-D cross-correlation (what deep-learning libraries call convolution), NCHW.
 *
 * <pre>
 * x  [n, c, h, w]                 input
 * w  [k, c / groups, r, s]        filters (k output channels, r x s kernel)
 * b  [k]                          bias
 * y  [n, k, outH, outW]           output, outH = (h + 2 pad - r) / stride + 1
 * </pre>
 *
 * With {@code groups = g}, input channels {@code [j c/g, (j+1) c/g)} feed only output channels
 * {@code [j k/g, (j+1) k/g)}: the paper's split of conv2, conv4 and conv5 over two GPUs.
 */
public record ConvGeom(int n, int c, int h, int w, int k, int r, int s, int stride, int pad, int groups) {
    public ConvGeom {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0 || k <= 0 || r <= 0 || s <= 0) {
            throw new IllegalArgumentException("convolution sizes must be positive: " + this);
        }
        if (stride <= 0 || pad < 0 || groups <= 0) {
            throw new IllegalArgumentException("bad stride, padding or groups: " + this);
        }
        if (c % groups != 0 || k % groups != 0) {
            throw new IllegalArgumentException("groups=" + groups + " must divide channels in=" + c + " and out=" + k);
        }
        if (h + 2 * pad < r || w + 2 * pad < s) {
            throw new IllegalArgumentException("kernel " + r + "x" + s + " larger than padded input " + h + "x" + w);
        }
    }

    public int outH() { return (h + 2 * pad - r) / stride + 1; }

    public int outW() { return (w + 2 * pad - s) / stride + 1; }

    /** Input channels per group. */
    public int cPerGroup() { return c / groups; }

    /** Output channels per group. */
    public int kPerGroup() { return k / groups; }

    public Shape inputShape() { return new Shape(n, c, h, w); }

    public Shape outputShape() { return new Shape(n, k, outH(), outW()); }

    public Shape filterShape() { return new Shape(k, c / groups, r, s); }

    public Shape biasShape() { return Shape.vector(k); }

    /** Multiply-adds times two, forward, whole batch. */
    public long flops() {
        return 2L * n * k * outH() * outW() * cPerGroup() * r * s;
    }

    public ConvGeom withBatch(int batch) {
        return new ConvGeom(batch, c, h, w, k, r, s, stride, pad, groups);
    }
}
