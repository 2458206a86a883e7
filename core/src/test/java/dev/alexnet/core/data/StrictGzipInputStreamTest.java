// StrictGzipInputStream: header flags, concatenated members, trailing garbage, CRC/size and truncation errors.
package dev.alexnet.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class StrictGzipInputStreamTest {
    private static final byte[] PAYLOAD = IdxFixtures.randomPixels(1, 300, 300, 5); // 90000 bytes, > one buffer

    /** A gzip member built by hand: header with the given flags and fields, raw deflate, CRC32 and ISIZE trailer. */
    static byte[] member(byte[] payload, int flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
        if ((flags & 4) != 0) {
            out.writeBytes(new byte[] {3, 0, 'x', 'y', 'z'}); // FEXTRA: XLEN = 3
        }
        if ((flags & 8) != 0) {
            out.writeBytes("train-images-idx3-ubyte\0".getBytes()); // FNAME, as the gzip tool writes
        }
        if ((flags & 16) != 0) {
            out.writeBytes("a comment\0".getBytes()); // FCOMMENT
        }
        if ((flags & 2) != 0) {
            out.writeBytes(new byte[] {0x12, 0x34}); // FHCRC (not checked)
        }
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(payload);
        d.finish();
        byte[] chunk = new byte[1 << 16];
        while (!d.finished()) {
            out.write(chunk, 0, d.deflate(chunk));
        }
        d.end();
        CRC32 crc = new CRC32();
        crc.update(payload);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) crc.getValue()).putInt(payload.length).array());
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (StrictGzipInputStream in = new StrictGzipInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyHeaderFlag() throws IOException {
        for (int flags : new int[] {0, 2, 4, 8, 16, 2 | 4 | 8 | 16}) {
            assertArrayEquals(PAYLOAD, gunzip(member(PAYLOAD, flags)), "flags " + flags);
        }
        assertArrayEquals(PAYLOAD, gunzip(IdxFixtures.gzip(PAYLOAD))); // the JDK's own writer
    }

    @Test
    void concatenatedMembersAreOneStream() throws IOException {
        byte[] a = Arrays.copyOf(PAYLOAD, 1000);
        byte[] b = Arrays.copyOfRange(PAYLOAD, 1000, PAYLOAD.length);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(member(a, 8));
        both.writeBytes(member(b, 0));
        assertArrayEquals(PAYLOAD, gunzip(both.toByteArray()));
        assertArrayEquals(new byte[0], gunzip(member(new byte[0], 0)));
    }

    @Test
    void trailingGarbageIsReported() {
        byte[] gz = member(PAYLOAD, 0);
        byte[] junk = Arrays.copyOf(gz, gz.length + 5);
        junk[gz.length] = 'x';
        StrictGzipInputStream.TrailingGarbage e =
                assertThrows(StrictGzipInputStream.TrailingGarbage.class, () -> gunzip(junk));
        assertEquals(5, e.bytes);
        assertEquals("5 bytes follow the end of the gzip stream", e.getMessage());
        byte[] one = Arrays.copyOf(gz, gz.length + 1);
        assertEquals(1, assertThrows(StrictGzipInputStream.TrailingGarbage.class, () -> gunzip(one)).bytes);
    }

    @Test
    void corruptionAndTruncation() {
        byte[] gz = member(PAYLOAD, 0);
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        assertEquals("gzip CRC mismatch", assertThrows(ZipException.class, () -> gunzip(badCrc)).getMessage());
        byte[] badSize = gz.clone();
        badSize[gz.length - 4] ^= 1;
        assertEquals("gzip size mismatch", assertThrows(ZipException.class, () -> gunzip(badSize)).getMessage());
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;
        assertThrows(ZipException.class, () -> gunzip(badMethod));
        byte[] reserved = gz.clone();
        reserved[3] = (byte) 0x80;
        assertThrows(ZipException.class, () -> gunzip(reserved));
        for (int len : new int[] {2, 5, 10, 11, gz.length / 2, gz.length - 8, gz.length - 1}) {
            byte[] cut = Arrays.copyOf(gz, len);
            assertThrows(EOFException.class, () -> gunzip(cut), "length " + len);
        }
    }
}
