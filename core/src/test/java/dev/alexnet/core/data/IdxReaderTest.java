// IdxReader on hand-built files: round trips (raw and gzip) and every kind of malformed file, with exact messages.
package dev.alexnet.core.data;

import static dev.alexnet.core.data.IdxFixtures.gzip;
import static dev.alexnet.core.data.IdxFixtures.images;
import static dev.alexnet.core.data.IdxFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.alexnet.core.data.DatasetException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    private static final String NAME = "train-images-idx3-ubyte.gz";

    private static DatasetException imagesFail(byte[] file, int rows, int cols) {
        return assertThrows(DatasetException.class, () -> IdxReader.readImages(NAME, file, rows, cols));
    }

    @Test
    void roundTripRawAndGzipFromFiles() throws IOException {
        byte[] pixels = IdxFixtures.randomPixels(3, 28, 28, 42);
        byte[] lab = IdxFixtures.cyclingLabels(3, 7);
        Path raw = Files.write(tmp.resolve("img"), images(3, 28, 28, pixels));
        // Gzip is recognised by its magic, not by name: neither file name says what it is.
        Path gz = Files.write(tmp.resolve("img.bin"), gzip(images(3, 28, 28, pixels)));
        Path labels = Files.write(tmp.resolve("lab.gz"), labels(lab)); // raw despite the .gz name
        for (Path p : new Path[] {raw, gz}) {
            IdxReader.Images im = IdxReader.readImages(p, 28, 28);
            assertEquals(3, im.count());
            assertEquals(28, im.rows());
            assertEquals(28, im.cols());
            assertArrayEquals(pixels, im.pixels(), p.toString());
        }
        assertArrayEquals(new byte[] {7, 8, 9}, IdxReader.readLabels(labels, 10));
    }

    @Test
    void anyImageSizeWhenNotAsked() {
        byte[] pixels = {0, 1, 2, 3, 4, 5, (byte) 200, (byte) 255, 9, 10, 11, 12};
        IdxReader.Images im = IdxReader.readImages("x", images(2, 2, 3, pixels), -1, -1);
        assertEquals(2, im.rows());
        assertEquals(3, im.cols());
        assertArrayEquals(pixels, im.pixels());
    }

    @Test
    void emptyFileOfZeroImagesIsValid() {
        IdxReader.Images im = IdxReader.readImages("x", images(0, 28, 28, new byte[0]), 28, 28);
        assertEquals(0, im.count());
        assertEquals(0, IdxReader.readLabels("y", labels(new byte[0]), 10).length);
    }

    @Test
    void badMagic() {
        byte[] f = images(1, 28, 28, new byte[784]);
        f[0] = 0x12;
        DatasetException e = imagesFail(f, 28, 28);
        assertEquals(Kind.BAD_MAGIC, e.kind());
        assertEquals(NAME + ": not an IDX images file: magic number 0x12000803, expected 0x00000803", e.getMessage());
    }

    @Test
    void labelsFileGivenAsImagesAndTheOtherWayRound() {
        DatasetException e = imagesFail(labels(new byte[] {1, 2}), 28, 28);
        assertEquals(Kind.BAD_DIMENSIONS, e.kind());
        assertEquals(NAME + ": IDX header has 1 dimensions, expected 3 for images (magic 0x00000801) "
                + "(this is a labels file)", e.getMessage());
        DatasetException l = assertThrows(DatasetException.class,
                () -> IdxReader.readLabels("lab", images(1, 1, 1, new byte[1]), 10));
        assertEquals(Kind.BAD_DIMENSIONS, l.kind());
    }

    @Test
    void wrongDimensionCountAndType() {
        byte[] f = images(1, 28, 28, new byte[784]);
        f[3] = 2;
        assertEquals(Kind.BAD_DIMENSIONS, imagesFail(f, 28, 28).kind());
        f[3] = 3;
        f[2] = 0x0D; // type float instead of unsigned byte
        assertEquals(Kind.BAD_MAGIC, imagesFail(f, 28, 28).kind());
    }

    @Test
    void wrongImageSize() {
        DatasetException e = imagesFail(images(1, 27, 28, new byte[27 * 28]), 28, 28);
        assertEquals(Kind.BAD_DIMENSIONS, e.kind());
        assertEquals(NAME + ": wrong image size: 27x28, expected 28x28", e.getMessage());
    }

    @Test
    void negativeAndZeroSizes() {
        byte[] f = images(1, 28, 28, new byte[784]);
        ByteBuffer.wrap(f).putInt(4, -5);
        assertEquals(NAME + ": IDX dimension 0 is negative (-5)", imagesFail(f, 28, 28).getMessage());
        assertEquals(Kind.BAD_DIMENSIONS, imagesFail(images(1, 0, 5, new byte[0]), -1, -1).kind());
    }

    @Test
    void truncatedData() {
        byte[] f = Arrays.copyOf(images(2, 28, 28, new byte[2 * 784]), 16 + 1000);
        DatasetException e = imagesFail(f, 28, 28);
        assertEquals(Kind.TRUNCATED, e.kind());
        assertEquals(NAME + ": truncated: header promises 2 images of 28x28 (1568 bytes) but only 1000 follow",
                e.getMessage());
        // Same promise and count through gzip.
        assertEquals(e.getMessage(), imagesFail(gzip(f), 28, 28).getMessage());
    }

    @Test
    void truncatedHeader() {
        byte[] f = Arrays.copyOf(images(2, 28, 28, new byte[0]), 10);
        DatasetException e = imagesFail(f, 28, 28);
        assertEquals(Kind.TRUNCATED, e.kind());
        assertEquals(NAME + ": truncated: the IDX header needs 16 bytes but the file ends after 10", e.getMessage());
        assertEquals(Kind.TRUNCATED, imagesFail(new byte[] {0, 0}, 28, 28).kind());
    }

    @Test
    void hugeCountsInTheHeaderDoNotAllocateOrHang() {
        // 2^31-1 images of 28x28 is 1.7e12 bytes: cannot even be an array; the file has 784 bytes.
        byte[] huge = images(Integer.MAX_VALUE, 28, 28, new byte[784]);
        // 2.7 million images (about 2 GB) is just an array, but must not be allocated up front either.
        byte[] big = images(2_700_000, 28, 28, new byte[784]);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            DatasetException e = imagesFail(huge, 28, 28);
            assertEquals(Kind.TRUNCATED, e.kind());
            assertEquals(NAME + ": truncated: header promises 2147483647 images of 28x28 (1683627179248 bytes)"
                    + " but only 784 follow", e.getMessage());
            assertEquals(Kind.TRUNCATED, imagesFail(big, 28, 28).kind());
            // (2^31-1)^3 overflows a long; found by IdxReaderFuzzTest as a negative buffer size.
            int m = Integer.MAX_VALUE;
            assertEquals(NAME + ": truncated: header promises 2147483647 images of 2147483647x2147483647 "
                    + "(9903520300447984150353281023 bytes) but only 0 follow", imagesFail(images(m, m, m, new byte[0]), -1, -1).getMessage());
            assertEquals(Kind.TRUNCATED, imagesFail(gzip(big), 28, 28).kind());
        });
    }

    @Test
    void trailingData() {
        byte[] f = Arrays.copyOf(images(1, 2, 2, new byte[4]), 16 + 4 + 3);
        DatasetException e = imagesFail(f, -1, -1);
        assertEquals(Kind.TRAILING_DATA, e.kind());
        assertEquals(NAME + ": trailing data: 3 bytes follow the 1 images of 2x2 (4 bytes) that the header promises",
                e.getMessage());
        assertEquals(Kind.TRAILING_DATA, imagesFail(gzip(f), -1, -1).kind());
        byte[] lab = Arrays.copyOf(labels(new byte[] {1}), 8 + 1 + 1);
        assertEquals(Kind.TRAILING_DATA,
                assertThrows(DatasetException.class, () -> IdxReader.readLabels("l", lab, 10)).kind());
    }

    @Test
    void gzipGarbage() {
        byte[] junk = {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        DatasetException e = imagesFail(junk, 28, 28);
        assertEquals(Kind.CORRUPT_GZIP, e.kind());
        assertEquals(true, e.getMessage().startsWith(NAME + ": corrupt or truncated gzip data: "), e.getMessage());
        // A valid gzip stream cut short ends in EOFException inside GZIPInputStream.
        byte[] gz = gzip(images(4, 28, 28, IdxFixtures.randomPixels(4, 28, 28, 1)));
        assertEquals(Kind.CORRUPT_GZIP, imagesFail(Arrays.copyOf(gz, gz.length / 2), 28, 28).kind());
        // Flipped bits in the deflate data: bad code or CRC mismatch.
        byte[] flipped = gz.clone();
        flipped[gz.length / 2] ^= 0x55;
        assertEquals(Kind.CORRUPT_GZIP, imagesFail(flipped, 28, 28).kind());
    }

    @Test
    void garbageAfterTheGzipStream() {
        byte[] gz = gzip(images(1, 2, 2, new byte[4]));
        byte[] f = Arrays.copyOf(gz, gz.length + 7);
        f[gz.length] = '<';
        DatasetException e = imagesFail(f, -1, -1);
        assertEquals(Kind.TRAILING_DATA, e.kind());
        assertEquals(NAME + ": trailing data: 7 bytes follow the end of the gzip stream", e.getMessage());
    }

    @Test
    void labelOutOfRange() {
        byte[] f = labels(new byte[] {0, 9, 10, 3});
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels("t10k-labels", f, 10));
        assertEquals(Kind.BAD_LABEL, e.kind());
        assertEquals("t10k-labels: label 10 at index 2 is outside 0..9", e.getMessage());
        // Bytes are unsigned: 0xff is 255, not -1.
        byte[] g = labels(new byte[] {(byte) 0xff});
        assertEquals("l: label 255 at index 0 is outside 0..9",
                assertThrows(DatasetException.class, () -> IdxReader.readLabels("l", g, 10)).getMessage());
    }

    @Test
    void missingFile() {
        Path missing = tmp.resolve("nope");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(missing, 10));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals(missing + ": file not found", e.getMessage());
    }
}
