// Dataset accessors on a hand-written 2-image set: unsigned pixels, labels, subsets and geometry checks.
package dev.alexnet.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetTest {
    // Two images of 2x3: image 0 is 0..5, image 1 is 250..255 (unsigned; stored as negative bytes).
    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 251, (byte) 252, (byte) 253, (byte) 254, (byte) 255};
    private final Dataset ds = new Dataset(2, 2, 3, PIXELS, new byte[] {4, 9});

    @Test
    void pixelAndLabel() {
        assertEquals(0, ds.pixel(0, 0, 0));
        assertEquals(5, ds.pixel(0, 1, 2));
        assertEquals(3, ds.pixel(0, 1, 0));
        assertEquals(251, ds.pixel(1, 0, 1));
        assertEquals(255, ds.pixel(1, 1, 2));
        assertEquals(4, ds.label(0));
        assertEquals(9, ds.label(1));
        assertEquals(6, ds.imageSize());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.pixel(2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.pixel(0, 2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.pixel(0, 0, 3));
    }

    @Test
    void subsetCopies() {
        Dataset one = ds.subset(1, 2);
        assertEquals(1, one.count());
        assertEquals(255, one.pixel(0, 1, 2));
        assertEquals(9, one.label(0));
        assertArrayEquals(new byte[] {(byte) 250, (byte) 251, (byte) 252, (byte) 253, (byte) 254, (byte) 255}, one.pixels());
        assertEquals(0, ds.subset(1, 1).count());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(2, 1));
    }

    @Test
    void geometryIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset(2, 2, 3, new byte[11], new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(2, 2, 3, new byte[12], new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(-1, 2, 3, new byte[0], new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(0, 0, 3, new byte[0], new byte[0]));
    }
}
