// The shape of a 4-D float tensor in NCHW order. Fully connected activations use (n, features, 1, 1).
package dev.alexnet.core.shape;

/**
 * An NCHW tensor shape: {@code n} images, {@code c} channels, {@code h} rows, {@code w} columns.
 * Row-major: element (i, ch, y, x) lives at {@code ((i * c + ch) * h + y) * w + x}.
 */
public record Shape(int n, int c, int h, int w) {
    public Shape {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + n + "x" + c + "x" + h + "x" + w);
        }
        if ((long) n * c * h * w > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + n + "x" + c + "x" + h + "x" + w);
        }
    }

    /** A matrix of {@code rows x cols}, stored as (rows, cols, 1, 1). */
    public static Shape matrix(int rows, int cols) {
        return new Shape(rows, cols, 1, 1);
    }

    /** A vector of {@code len} elements, stored as (1, len, 1, 1). */
    public static Shape vector(int len) {
        return new Shape(1, len, 1, 1);
    }

    /** Total number of elements. */
    public int size() {
        return n * c * h * w;
    }

    /** Elements per image: c * h * w. */
    public int perImage() {
        return c * h * w;
    }

    /** The same per-image layout with another batch size. */
    public Shape withBatch(int batch) {
        return new Shape(batch, c, h, w);
    }

    @Override
    public String toString() {
        return n + "x" + c + "x" + h + "x" + w;
    }
}
