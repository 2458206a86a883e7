// Writes a small Fashion-MNIST-shaped dataset (the four IDX files, 28x28, fixed seed) so CLI tests need no real data.
package dev.alexnet.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

final class SyntheticData {
    private SyntheticData() {}

    /**
     * {@code train} training and {@code test} test images in {@code dir}: each image is noise plus a bright
     * horizontal bar whose row depends on its label, so a network can learn something in a few steps.
     */
    static Path write(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(1234);
        writeSplit(dir, "train", train, rng);
        writeSplit(dir, "t10k", test, rng);
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, int count, Random rng) throws IOException {
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = rng.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 28 * 28; p++) {
                int y = p / 28;
                int v = rng.nextInt(60) + (y / 2 - 4 == label ? 180 : 0);
                pixels[i * 784 + p] = (byte) Math.min(255, v);
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images(count, pixels));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels(labels));
    }

    static byte[] images(int count, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(0x803).putInt(count).putInt(28).putInt(28).put(pixels).array();
    }

    static byte[] labels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(0x801).putInt(labels.length).put(labels).array();
    }
}
