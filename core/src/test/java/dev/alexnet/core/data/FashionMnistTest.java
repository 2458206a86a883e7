// FashionMnist.load on small generated folders (raw and gzip mixed), its error messages, and the real data if installed.
package dev.alexnet.core.data;

import static dev.alexnet.core.data.IdxFixtures.gzip;
import static dev.alexnet.core.data.IdxFixtures.images;
import static dev.alexnet.core.data.IdxFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.alexnet.core.data.DatasetException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    /** Writes a 5-train / 3-test folder: train files gzipped, test files raw. */
    private void writeSmallFolder(int trainLabels) throws IOException {
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES + ".gz"), gzip(images(5, 28, 28, IdxFixtures.randomPixels(5, 28, 28, 11))));
        Files.write(dir.resolve(FashionMnist.TRAIN_LABELS + ".gz"), gzip(labels(IdxFixtures.cyclingLabels(trainLabels, 0))));
        Files.write(dir.resolve(FashionMnist.TEST_IMAGES), images(3, 28, 28, IdxFixtures.randomPixels(3, 28, 28, 12)));
        Files.write(dir.resolve(FashionMnist.TEST_LABELS), labels(IdxFixtures.cyclingLabels(3, 8)));
    }

    @Test
    void loadsSmallFolder() throws IOException {
        writeSmallFolder(5);
        FashionMnist.Splits s = FashionMnist.load(dir);
        assertEquals(5, s.train().count());
        assertEquals(3, s.test().count());
        assertEquals(28, s.train().rows());
        assertEquals(28, s.test().cols());
        assertArrayEquals(IdxFixtures.randomPixels(5, 28, 28, 11), s.train().pixels());
        assertArrayEquals(IdxFixtures.randomPixels(3, 28, 28, 12), s.test().pixels());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, s.train().labels());
        assertArrayEquals(new byte[] {8, 9, 0}, s.test().labels());
    }

    @Test
    void gzippedFileWinsOverRaw() throws IOException {
        writeSmallFolder(5);
        // A broken raw copy next to the good .gz one is ignored.
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES), new byte[] {1, 2, 3});
        assertEquals(5, FashionMnist.load(dir).train().count());
        assertEquals(dir.resolve(FashionMnist.TRAIN_IMAGES + ".gz"), FashionMnist.find(dir, FashionMnist.TRAIN_IMAGES).orElseThrow());
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        writeSmallFolder(4);
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(dir));
        assertEquals(Kind.COUNT_MISMATCH, e.kind());
        assertEquals("train-images-idx3-ubyte.gz has 5 images but train-labels-idx1-ubyte.gz has 4 labels", e.getMessage());
    }

    @Test
    void missingFilesAreListed() throws IOException {
        writeSmallFolder(5);
        Files.delete(dir.resolve(FashionMnist.TEST_LABELS));
        Files.delete(dir.resolve(FashionMnist.TRAIN_IMAGES + ".gz"));
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(dir));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals(dir + ": not a Fashion-MNIST folder: missing train-images-idx3-ubyte, t10k-labels-idx1-ubyte"
                + " (each may also end in .gz)", e.getMessage());
    }

    @Test
    void wrongImageSizeIsRejected() throws IOException {
        writeSmallFolder(5);
        Files.write(dir.resolve(FashionMnist.TEST_IMAGES), images(3, 32, 32, new byte[3 * 32 * 32]));
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(dir));
        assertEquals("t10k-images-idx3-ubyte: wrong image size: 32x32, expected 28x28", e.getMessage());
    }

    @Test
    void classNames() {
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot"), FashionMnist.CLASS_NAMES);
        assertEquals(FashionMnist.NUM_CLASSES, FashionMnist.CLASS_NAMES.size());
    }

    /** The real data set, when the Debian package dataset-fashion-mnist is installed. */
    @Test
    void realDatasetWhenInstalled() {
        Path real = Path.of(DataLocator.SYSTEM_DIR);
        Assumptions.assumeTrue(FashionMnist.missingFiles(real).isEmpty(),
                () -> real + " does not hold the data set (apt-get install dataset-fashion-mnist); skipped");
        FashionMnist.Splits s = FashionMnist.load(real);
        assertEquals(FashionMnist.TRAIN_COUNT, s.train().count());
        assertEquals(FashionMnist.TEST_COUNT, s.test().count());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, histogram(s.train()));
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, histogram(s.test()));
        // First training example of the published set is an ankle boot (label 9), first test one too.
        assertEquals(9, s.train().label(0));
        assertEquals(9, s.test().label(0));
        int max = 0;
        for (byte b : s.train().pixels()) {
            max = Math.max(max, b & 0xff);
        }
        assertEquals(255, max);
    }

    private static int[] histogram(Dataset d) {
        int[] h = new int[10];
        for (int i = 0; i < d.count(); i++) {
            h[d.label(i)]++;
        }
        return h;
    }
}
