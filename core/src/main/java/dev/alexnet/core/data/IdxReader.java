// Reads IDX image and label files (the MNIST/Fashion-MNIST container), raw or gzip, and rejects malformed ones.
package dev.alexnet.core.data;

import dev.alexnet.core.data.DatasetException.Kind;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * IDX reader. Layout (big-endian): magic {@code 00 00 08 D} (type 0x08 = unsigned byte, D = dimension count), then D
 * int32 sizes, then the data. Images are {@code 0x00000803} with (count, rows, cols); labels {@code 0x00000801} with
 * (count). A file starting with {@code 1f 8b} is gunzipped first, whatever its name.
 *
 * <p>Every problem is a {@link DatasetException} naming the file. Memory is bounded by the bytes actually present,
 * never by what a header claims: the data buffer grows as bytes arrive, so a lying header cannot force a huge
 * allocation.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** Largest data block we can hold in one Java array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /**
     * Images of an IDX3 file.
     *
     * @param pixels (count, rows, cols) row-major unsigned bytes
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /** Reads an image file of any image size. */
    public static Images readImages(Path file) {
        return readImages(file, -1, -1);
    }

    /** Reads an image file whose images must be {@code rows x cols} (pass -1 for either to accept any size). */
    public static Images readImages(Path file, int rows, int cols) {
        return withFile(file, in -> readImages(name(file), in, rows, cols));
    }

    /** Reads a label file; every label must lie in {@code 0..numClasses-1}. */
    public static byte[] readLabels(Path file, int numClasses) {
        return withFile(file, in -> readLabels(name(file), in, numClasses));
    }

    /** As {@link #readImages(Path, int, int)}, from bytes; {@code name} is used in messages. */
    static Images readImages(String name, byte[] file, int rows, int cols) {
        return guard(name, () -> readImages(name, new ByteArrayInputStream(file), rows, cols));
    }

    /** As {@link #readLabels(Path, int)}, from bytes; {@code name} is used in messages. */
    static byte[] readLabels(String name, byte[] file, int numClasses) {
        return guard(name, () -> readLabels(name, new ByteArrayInputStream(file), numClasses));
    }

    // ---- parsing ----

    private static Images readImages(String name, InputStream raw, int wantRows, int wantCols) throws IOException {
        InputStream in = decompressIfGzip(name, raw);
        int[] dims = readHeader(name, in, IMAGES_MAGIC, 3, "images");
        int count = dims[0];
        int rows = dims[1];
        int cols = dims[2];
        if ((wantRows >= 0 && rows != wantRows) || (wantCols >= 0 && cols != wantCols)) {
            throw new DatasetException(Kind.BAD_DIMENSIONS, name + ": wrong image size: " + rows + "x" + cols
                    + ", expected " + wantRows + "x" + wantCols);
        }
        if (rows == 0 || cols == 0) {
            throw new DatasetException(Kind.BAD_DIMENSIONS, name + ": empty image size " + rows + "x" + cols);
        }
        // count * rows * cols can reach 2^93: compute it exactly, and saturate what is beyond any file.
        BigInteger exact = BigInteger.valueOf(count).multiply(BigInteger.valueOf((long) rows * cols));
        long expected = exact.bitLength() < Long.SIZE - 1 ? exact.longValue() : Long.MAX_VALUE;
        String promise = count + " images of " + rows + "x" + cols + " (" + exact + " bytes)";
        byte[] pixels = readData(name, in, expected, promise);
        return new Images(count, rows, cols, pixels);
    }

    private static byte[] readLabels(String name, InputStream raw, int numClasses) throws IOException {
        InputStream in = decompressIfGzip(name, raw);
        int[] dims = readHeader(name, in, LABELS_MAGIC, 1, "labels");
        int count = dims[0];
        byte[] labels = readData(name, in, count, count + " labels (" + count + " bytes)");
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xff;
            if (label >= numClasses) {
                throw new DatasetException(Kind.BAD_LABEL, name + ": label " + label + " at index " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        return labels;
    }

    /** Checks magic and dimension count, returns the sizes. */
    private static int[] readHeader(String name, InputStream in, int magic, int ndims, String what) throws IOException {
        byte[] head = new byte[4];
        int got = in.readNBytes(head, 0, 4);
        if (got < 4) {
            throw new DatasetException(Kind.TRUNCATED, name + ": truncated: the 4-byte IDX magic number is missing ("
                    + got + " bytes in the file)");
        }
        int found = readInt(head, 0);
        if ((found >>> 8) != (magic >>> 8)) {
            throw new DatasetException(Kind.BAD_MAGIC, name + ": not an IDX " + what + " file: magic number "
                    + hex(found) + ", expected " + hex(magic) + describeMagic(found));
        }
        if ((found & 0xff) != ndims) {
            throw new DatasetException(Kind.BAD_DIMENSIONS, name + ": IDX header has " + (found & 0xff)
                    + " dimensions, expected " + ndims + " for " + what + " (magic " + hex(found) + ")" + describeMagic(found));
        }
        byte[] sizes = new byte[4 * ndims];
        got = in.readNBytes(sizes, 0, sizes.length);
        if (got < sizes.length) {
            throw new DatasetException(Kind.TRUNCATED, name + ": truncated: the IDX header needs " + (4 + sizes.length)
                    + " bytes but the file ends after " + (4 + got));
        }
        int[] dims = new int[ndims];
        for (int d = 0; d < ndims; d++) {
            dims[d] = readInt(sizes, 4 * d);
            if (dims[d] < 0) {
                throw new DatasetException(Kind.BAD_DIMENSIONS, name + ": IDX dimension " + d + " is negative ("
                        + dims[d] + ")");
            }
        }
        return dims;
    }

    /** Reads exactly {@code expected} bytes, growing the buffer with the bytes present, then requires end of file. */
    private static byte[] readData(String name, InputStream in, long expected, String promise) throws IOException {
        if (expected > MAX_ARRAY) {
            long present = skipAll(in);
            if (present < expected) {
                throw truncated(name, promise, present);
            }
            throw new DatasetException(Kind.BAD_DIMENSIONS, name + ": header promises " + promise
                    + ", more than one array can hold");
        }
        int n = (int) expected;
        // Grow from a modest start so memory follows the real data, not the header's claim.
        ByteArrayOutputStream sink = new ByteArrayOutputStream(Math.min(n, 1 << 20));
        byte[] chunk = new byte[1 << 16];
        int remaining = n;
        while (remaining > 0) {
            int r = in.read(chunk, 0, Math.min(chunk.length, remaining));
            if (r < 0) {
                throw truncated(name, promise, n - remaining);
            }
            sink.write(chunk, 0, r);
            remaining -= r;
        }
        long extra = skipAll(in);
        if (extra > 0) {
            throw new DatasetException(Kind.TRAILING_DATA, name + ": trailing data: " + extra
                    + " bytes follow the " + promise + " that the header promises");
        }
        return sink.toByteArray();
    }

    private static DatasetException truncated(String name, String promise, long present) {
        return new DatasetException(Kind.TRUNCATED, name + ": truncated: header promises " + promise + " but only "
                + present + " follow");
    }

    private static long skipAll(InputStream in) throws IOException {
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        for (int r; (r = in.read(chunk)) >= 0; ) {
            total += r;
        }
        return total;
    }

    /** Wraps the stream in a gunzip when it starts with the gzip magic 1f 8b. */
    private static InputStream decompressIfGzip(String name, InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new StrictGzipInputStream(in);
        }
        return in;
    }

    private static String describeMagic(int found) {
        if (found == IMAGES_MAGIC) {
            return " (this is an images file)";
        }
        if (found == LABELS_MAGIC) {
            return " (this is a labels file)";
        }
        return "";
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

    static String name(Path file) {
        Path fileName = file.getFileName();
        return fileName == null ? file.toString() : fileName.toString();
    }

    // ---- error plumbing: every I/O failure becomes a DatasetException naming the file ----

    private interface Parse<T> {
        T run() throws IOException;
    }

    private interface StreamParse<T> {
        T run(InputStream in) throws IOException;
    }

    private static <T> T withFile(Path file, StreamParse<T> parse) {
        String name = name(file);
        try (InputStream in = Files.newInputStream(file)) {
            return guard(name, () -> parse.run(in));
        } catch (NoSuchFileException e) {
            throw new DatasetException(Kind.NOT_FOUND, file + ": file not found", e);
        } catch (IOException e) {
            throw new DatasetException(Kind.IO, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static <T> T guard(String name, Parse<T> parse) {
        try {
            return parse.run();
        } catch (StrictGzipInputStream.TrailingGarbage e) {
            throw new DatasetException(Kind.TRAILING_DATA, name + ": trailing data: " + e.getMessage(), e);
        } catch (ZipException | EOFException e) {
            // A bad header, deflate data or CRC is a ZipException, an early end an EOFException.
            throw new DatasetException(Kind.CORRUPT_GZIP, name + ": corrupt or truncated gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException(Kind.IO, name + ": read error: " + e.getMessage(), e);
        }
    }
}
