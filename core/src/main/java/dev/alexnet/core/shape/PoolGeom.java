// Geometry of one max-pooling layer (the paper's overlapping 3x3 stride 2 pooling is size=3, stride=2).
package dev.alexnet.core.shape;

/**
 * Max pooling over {@code size x size} windows moved by {@code stride}, no padding, NCHW.
 * The output keeps only full windows: outH = (h - size) / stride + 1.
 */
public record PoolGeom(int n, int c, int h, int w, int size, int stride) {
    public PoolGeom {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0 || size <= 0 || stride <= 0) {
            throw new IllegalArgumentException("pooling sizes must be positive: " + this);
        }
        if (h < size || w < size) {
            throw new IllegalArgumentException("pool window " + size + " larger than input " + h + "x" + w);
        }
    }

    public int outH() { return (h - size) / stride + 1; }

    public int outW() { return (w - size) / stride + 1; }

    public Shape inputShape() { return new Shape(n, c, h, w); }

    public Shape outputShape() { return new Shape(n, c, outH(), outW()); }

    public PoolGeom withBatch(int batch) {
        return new PoolGeom(batch, c, h, w, size, stride);
    }
}
