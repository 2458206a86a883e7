// Builds small IDX image and label files (raw or gzip) with known contents for the data tests.
package dev.alexnet.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

final class IdxFixtures {
    private IdxFixtures() {}

    /** IDX3 bytes: magic 0x00000803, (count, rows, cols), then pixels. */
    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    /** IDX1 bytes: magic 0x00000801, (count), then labels. */
    static byte[] labels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABELS_MAGIC).putInt(labels.length)
                .put(labels).array();
    }

    /** Pixels (count, rows, cols) with the full 0..255 range, from a fixed seed. */
    static byte[] randomPixels(int count, int rows, int cols, long seed) {
        byte[] pixels = new byte[count * rows * cols];
        new Random(seed).nextBytes(pixels);
        return pixels;
    }

    /** Labels 0..9 cycling from {@code first}. */
    static byte[] cyclingLabels(int count, int first) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) ((first + i) % 10);
        }
        return labels;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
