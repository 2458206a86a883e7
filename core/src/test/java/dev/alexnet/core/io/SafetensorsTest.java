// Safetensors: exact bytes of a tiny file, round trips, a numpy-written fixture, atomic writes, and every rejection.
package dev.alexnet.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path tmp;

    /** A file with the given header text (padded to 8) and data bytes. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int n = (h.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(8 + n + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(h);
        for (int i = h.length; i < n; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    static String reject(byte[] bytes) {
        return assertThrows(SafetensorsException.class, () -> Safetensors.read("f.safetensors", bytes)).getMessage();
    }

    @Test
    void tinyFileHasExactBytes() throws IOException {
        Path p = tmp.resolve("t.safetensors");
        Safetensors.write(p, List.of(new NamedTensor("a", new long[] {2}, new float[] {1.0f, -2.0f})), Map.of());
        byte[] b = Files.readAllBytes(p);
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"; // 54 bytes, padded to 56
        assertEquals(54, json.length());
        ByteBuffer want = ByteBuffer.allocate(8 + 56 + 8).order(ByteOrder.LITTLE_ENDIAN);
        want.putLong(56).put(json.getBytes(StandardCharsets.US_ASCII)).put((byte) ' ').put((byte) ' ');
        // 1.0f = 0x3f800000, -2.0f = 0xc0000000, little-endian.
        want.put(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0});
        assertArrayEquals(want.array(), b);
    }

    @Test
    void roundTripKeepsOrderShapesBitsAndMetadata() {
        Random rnd = new Random(1234);
        float[] w = new float[3 * 5 * 7];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        // More than one write chunk (1 MiB = 262144 floats) to cover the chunk loop.
        float[] big = new float[300_001];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        List<NamedTensor> tensors = List.of(
                new NamedTensor("features.0.weight", new long[] {3, 5, 7}, w),
                new NamedTensor("special", new long[] {6}, new float[] {Float.NaN, -0.0f, Float.MIN_VALUE,
                        Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1e-40f}),
                new NamedTensor("scalar", new long[] {}, new float[] {42f}),
                new NamedTensor("empty", new long[] {0, 4}, new float[0]),
                new NamedTensor("big", new long[] {300_001}, big),
                new NamedTensor("caf\u00e9 \"quoted\"", new long[] {1, 1}, new float[] {7f}));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "alexnet");
        meta.put("epoch", "3");
        meta.put("note", "tab\there \\ \"q\" \u4e2d");
        Path p = tmp.resolve("rt.safetensors");
        Safetensors.write(p, tensors, meta);
        Safetensors.Contents c = Safetensors.read(p);
        assertEquals(tensors, c.tensors());
        assertEquals(meta, c.metadata());
        assertEquals(List.copyOf(meta.keySet()), List.copyOf(c.metadata().keySet()));
        assertArrayEquals(new long[] {3, 5, 7}, c.get("features.0.weight").shape());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(c.get("special").data()[1]));
        long headerLen = ByteBuffer.wrap(readPrefix(p)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8);
    }

    private static byte[] readPrefix(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsTheNumpyWrittenFixtureInDataOrder() throws IOException {
        // Written by Python's json + numpy (see the header dump in the report): spaces after separators, keys not
        // in data order, metadata last, a scalar and an empty tensor sharing offset 12.
        byte[] bytes;
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("numpy_written.safetensors")) {
            bytes = in.readAllBytes();
        }
        Safetensors.Contents c = Safetensors.read("numpy_written.safetensors", bytes);
        assertEquals(List.of("b", "e", "s", "w"), c.tensors().stream().map(NamedTensor::name).toList());
        assertArrayEquals(new float[] {0.5f, -1.25f, 3.0f}, c.get("b").data());
        assertArrayEquals(new long[] {0, 2}, c.get("e").shape());
        assertArrayEquals(new long[] {}, c.get("s").shape());
        assertArrayEquals(new float[] {1e-3f}, c.get("s").data());
        assertArrayEquals(new long[] {2, 3}, c.get("w").shape());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, c.get("w").data());
        assertEquals(Map.of("format", "pt", "note", "caf\u00e9 \"q\" \\ \n end"), c.metadata());
    }

    @Test
    void overwriteIsAtomicAndFailedWritesLeaveNoTrace() throws IOException {
        Path p = tmp.resolve("ckpt.safetensors");
        List<NamedTensor> v1 = List.of(new NamedTensor("x", new long[] {1}, new float[] {1f}));
        List<NamedTensor> v2 = List.of(new NamedTensor("x", new long[] {2}, new float[] {2f, 3f}));
        Safetensors.write(p, v1, Map.of());
        Safetensors.write(p, v2, Map.of("v", "2"));
        assertEquals(v2, Safetensors.read(p).tensors());
        byte[] before = Files.readAllBytes(p);

        // Rejected before anything touches the disk.
        List<NamedTensor> dup = List.of(v1.get(0), v1.get(0));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(p, dup, Map.of()));
        List<NamedTensor> reserved = List.of(new NamedTensor("__metadata__", new long[] {0}, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(p, reserved, Map.of()));
        // Fails at the rename: the target is a non-empty folder. The temporary file must be gone afterwards.
        Path folder = Files.createDirectories(tmp.resolve("folder.safetensors"));
        Files.write(folder.resolve("inside"), new byte[1]);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.write(folder, v1, Map.of()));
        assertTrue(e.getMessage().startsWith(folder + ": cannot write: "), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("ckpt.safetensors", "folder.safetensors"),
                    s.map(x -> x.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void rejectsBadHeaderLength() {
        assertEquals("f.safetensors: file is 5 bytes, too short for the 8-byte header length", reject(new byte[5]));
        byte[] f = file("{}", new byte[0]);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertEquals("f.safetensors: bad header length 1000 (the file has 8 bytes after the length field; "
                + "the limit is 100000000)", reject(f));
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertTrue(reject(f).startsWith("f.safetensors: bad header length 18446744073709551615 "));
    }

    @Test
    void rejectsJsonGarbage() {
        assertEquals("f.safetensors: header does not start with '{'", reject(file("[1]", new byte[0])));
        assertEquals("f.safetensors: header is not valid JSON: expected ',' or '}', found end of input at offset 16",
                reject(file("{\"a\":{\"dtype\":1", new byte[0])));
        byte[] bad = file("{\"\u00e9\":1}", new byte[0]);
        bad[10] = (byte) 0xff; // breaks the UTF-8 of the key
        assertEquals("f.safetensors: header is not valid UTF-8", reject(bad));
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void rejectsDtypesOtherThanF32() {
        assertEquals("f.safetensors: tensor 'a': dtype F16 is not supported (only F32)",
                reject(file("{" + tensor("a", "F16", "[2]", 0, 4) + "}", new byte[4])));
    }

    @Test
    void rejectsShapeOffsetDisagreement() {
        assertEquals("f.safetensors: tensor 'a': shape [3] needs 12 bytes but data_offsets [0, 8] hold 8",
                reject(file("{" + tensor("a", "F32", "[3]", 0, 8) + "}", new byte[8])));
        assertEquals("f.safetensors: tensor 'a': shape [4294967296, 4294967296] is too large",
                reject(file("{" + tensor("a", "F32", "[4294967296,4294967296]", 0, 8) + "}", new byte[8])));
        assertEquals("f.safetensors: tensor 'a': shape holds -1, not a non-negative integer",
                reject(file("{" + tensor("a", "F32", "[-1]", 0, 0) + "}", new byte[0])));
        assertEquals("f.safetensors: tensor 'a': shape holds 2.0, not a non-negative integer",
                reject(file("{" + tensor("a", "F32", "[2.0]", 0, 8) + "}", new byte[8])));
    }

    @Test
    void rejectsOffsetsOutOfRangeOverlappingOrLeavingGaps() {
        assertEquals("f.safetensors: tensor 'a': data_offsets [0, 16] out of range: the data block has only 8 bytes",
                reject(file("{" + tensor("a", "F32", "[4]", 0, 16) + "}", new byte[8])));
        assertEquals("f.safetensors: tensor 'a': data_offsets [8, 4] run backwards",
                reject(file("{" + tensor("a", "F32", "[1]", 8, 4) + "}", new byte[8])));
        assertEquals("f.safetensors: tensors 'a' [0, 8) and 'b' [4, 12) overlap",
                reject(file("{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[2]", 4, 12) + "}", new byte[12])));
        assertEquals("f.safetensors: gap of 4 bytes before tensor 'b' [8, 12)",
                reject(file("{" + tensor("a", "F32", "[1]", 0, 4) + "," + tensor("b", "F32", "[1]", 8, 12) + "}", new byte[12])));
        assertEquals("f.safetensors: the data block has 12 bytes but the tensors cover only 8",
                reject(file("{" + tensor("a", "F32", "[2]", 0, 8) + "}", new byte[12])));
        assertEquals("f.safetensors: the data block has 4 bytes but the tensors cover only 0",
                reject(file("{}", new byte[4])));
    }

    @Test
    void rejectsSchemaViolations() {
        assertEquals("f.safetensors: tensor 'a': unknown field 'extra'",
                reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"extra\":1}}", new byte[4])));
        assertEquals("f.safetensors: tensor 'a': data_offsets missing or not an array",
                reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}", new byte[4])));
        assertEquals("f.safetensors: tensor 'a': data_offsets has 3 entries, expected 2",
                reject(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4,4]}}", new byte[4])));
        assertEquals("f.safetensors: tensor 'a': entry is not a JSON object", reject(file("{\"a\":[]}", new byte[0])));
        assertEquals("f.safetensors: __metadata__ entry 'k' is not a string",
                reject(file("{\"__metadata__\":{\"k\":1}}", new byte[0])));
        assertEquals("f.safetensors: a tensor has an empty name",
                reject(file("{" + tensor("", "F32", "[]", 0, 4) + "}", new byte[4])));
    }

    @Test
    void emptyFileOfNoTensorsIsValid() {
        Safetensors.Contents c = Safetensors.read("f", file("{}", new byte[0]));
        assertEquals(List.of(), c.tensors());
        assertEquals(Map.of(), c.metadata());
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("none.safetensors");
        assertEquals(p + ": file not found", assertThrows(SafetensorsException.class, () -> Safetensors.read(p)).getMessage());
    }
}
