// Fuzzing IdxReader: random bytes, every truncation, mutated bytes and arbitrary header fields must end in a
// DatasetException (or a valid result), never another exception, a huge allocation or a long stall.
package dev.alexnet.core.data;

import static dev.alexnet.core.data.IdxFixtures.gzip;
import static dev.alexnet.core.data.IdxFixtures.images;
import static dev.alexnet.core.data.IdxFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IdxReaderFuzzTest {
    /** Each call gets this long; the worst legitimate case here (skipping a few KB) takes microseconds. */
    private static final long MAX_NANOS = 5_000_000_000L;

    private static final byte[] IMAGES = images(2, 4, 4, IdxFixtures.randomPixels(2, 4, 4, 3));
    private static final byte[] LABELS = labels(new byte[] {3, 1, 4, 1, 5});

    /** Runs both readers; passes if each returns or throws DatasetException, quickly. */
    private static void onlyDatasetExceptions(byte[] file) {
        long t0 = System.nanoTime();
        try {
            IdxReader.readImages("fuzz", file, -1, -1);
        } catch (DatasetException expected) {
            // The only allowed failure.
        }
        try {
            IdxReader.readLabels("fuzz", file, 10);
        } catch (DatasetException expected) {
            // The only allowed failure.
        }
        long took = System.nanoTime() - t0;
        assertTrue(took < MAX_NANOS, "took " + took / 1_000_000 + " ms");
    }

    @Property(tries = 400)
    void randomBytes(@ForAll @Size(max = 300) byte[] file) {
        onlyDatasetExceptions(file);
    }

    @Property(tries = 300)
    void randomBytesBehindGzipMagic(@ForAll @Size(max = 300) byte[] rest) {
        byte[] file = new byte[2 + rest.length];
        file[0] = 0x1f;
        file[1] = (byte) 0x8b;
        System.arraycopy(rest, 0, file, 2, rest.length);
        onlyDatasetExceptions(file);
    }

    @Property(tries = 400)
    void arbitraryHeaderFields(@ForAll int count, @ForAll int rows, @ForAll int cols,
            @ForAll @Size(max = 200) byte[] data, @ForAll boolean gzipped) {
        byte[] img = ByteBuffer.allocate(16 + data.length)
                .putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(data).array();
        byte[] lab = ByteBuffer.allocate(8 + data.length).putInt(IdxReader.LABELS_MAGIC).putInt(count).put(data).array();
        onlyDatasetExceptions(gzipped ? gzip(img) : img);
        onlyDatasetExceptions(gzipped ? gzip(lab) : lab);
    }

    @Property(tries = 400)
    void mutatedValidFiles(@ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte value,
            @ForAll boolean gzipped, @ForAll boolean labelsFile) {
        byte[] valid = labelsFile ? LABELS : IMAGES;
        byte[] file = (gzipped ? gzip(valid) : valid).clone();
        file[where % file.length] = value;
        onlyDatasetExceptions(file);
    }

    @Example
    void everyTruncationIsRejected() {
        for (byte[] valid : new byte[][] {IMAGES, LABELS, gzip(IMAGES), gzip(LABELS)}) {
            // The untruncated file is valid for exactly one of the readers.
            for (int len = 0; len < valid.length; len++) {
                byte[] cut = Arrays.copyOf(valid, len);
                assertThrows(DatasetException.class, () -> IdxReader.readImages("cut", cut, -1, -1), "length " + len);
                assertThrows(DatasetException.class, () -> IdxReader.readLabels("cut", cut, 10), "length " + len);
            }
        }
    }
}
