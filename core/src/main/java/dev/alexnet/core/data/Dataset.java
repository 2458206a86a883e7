// An in-memory image classification split: unsigned 8-bit grey images and their class labels.
package dev.alexnet.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code count} images of {@code rows x cols} pixels with one label each.
 *
 * @param pixels (count, rows, cols) row-major, each byte an unsigned grey level 0..255 (read with {@link #pixel})
 * @param labels (count) class indices, 0..9 for Fashion-MNIST
 */
public record Dataset(int count, int rows, int cols, byte[] pixels, byte[] labels) {
    public Dataset {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad dataset geometry: count " + count + ", " + rows + "x" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected " + count + "x"
                    + rows + "x" + cols + " = " + (long) count * rows * cols);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, expected " + count);
        }
    }

    /** Pixels per image, rows * cols. */
    public int imageSize() {
        return rows * cols;
    }

    /** Grey level 0..255 of pixel (y, x) of image i. */
    public int pixel(int i, int y, int x) {
        Objects.checkIndex(i, count);
        Objects.checkIndex(y, rows);
        Objects.checkIndex(x, cols);
        return pixels[(i * rows + y) * cols + x] & 0xff;
    }

    /** Class index of image i. */
    public int label(int i) {
        Objects.checkIndex(i, count);
        return labels[i] & 0xff;
    }

    /** A copy of images [from, to). */
    public Dataset subset(int from, int to) {
        Objects.checkFromToIndex(from, to, count);
        int size = imageSize();
        return new Dataset(to - from, rows, cols,
                Arrays.copyOfRange(pixels, from * size, to * size), Arrays.copyOfRange(labels, from, to));
    }

    @Override
    public String toString() {
        return "Dataset[" + count + " images of " + rows + "x" + cols + "]";
    }
}
