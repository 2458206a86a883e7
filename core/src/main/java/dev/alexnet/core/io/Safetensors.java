// Reads and writes float32 tensors in the safetensors format (huggingface/safetensors), strictly and atomically.
package dev.alexnet.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The safetensors layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * <pre>{"__metadata__": {"key": "value", ...},
 *  "name": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}</pre>
 * then the data block, where each tensor is the little-endian bytes {@code [begin, end)} counted from the start
 * of the data block. We write the header padded with spaces so that N is a multiple of 8, {@code __metadata__} first
 * (omitted when empty), and tensors in list order, packed back to back.
 *
 * <p>Reading accepts only F32 and is as strict as the reference Rust reader: the tensors must tile the data block
 * exactly (no overlaps, no gaps, nothing after the last one), and {@code end - begin} must equal 4 x the product of
 * the shape. Nothing is allocated from a header field before it is checked against the real file length.
 */
public final class Safetensors {
    /** The reference implementation's limit on the header size (safetensors MAX_HEADER_SIZE). */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final String METADATA_KEY = "__metadata__";
    private static final int CHUNK_BYTES = 1 << 20;

    private Safetensors() {}

    /** What {@link #read} returns: tensors in the order their data lies in the file, and the metadata. */
    public record Contents(List<NamedTensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = List.copyOf(tensors);
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The tensor called {@code name}; throws if there is none. */
        public NamedTensor get(String name) {
            for (NamedTensor t : tensors) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("no tensor named '" + name + "'");
        }
    }

    // ---- writing ----

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}: into a temporary file in the same folder, forced to
     * disk, then renamed over {@code file}, so {@code file} is either the old content or the complete new one.
     *
     * @throws IllegalArgumentException for duplicate or reserved names
     * @throws SafetensorsException     when the file system fails
     */
    public static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        try {
            AtomicFile.write(file, ch -> {
                ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
                AtomicFile.writeFully(ch, prefix);
                AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (NamedTensor t : tensors) {
                    float[] data = t.data();
                    for (int i = 0; i < data.length; ) {
                        int n = Math.min(data.length - i, CHUNK_BYTES / Float.BYTES);
                        chunk.clear();
                        chunk.asFloatBuffer().put(data, i, n);
                        chunk.limit(n * Float.BYTES);
                        AtomicFile.writeFully(ch, chunk);
                        i += n;
                    }
                }
            });
        } catch (IOException e) {
            throw new SafetensorsException(file + ": cannot write: " + e, e);
        }
    }

    /** The JSON header as UTF-8, padded with spaces to a multiple of 8 bytes. */
    static byte[] header(List<NamedTensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.writeString(sb, METADATA_KEY);
            sb.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                Json.writeString(sb, Objects.requireNonNull(e.getKey(), "metadata key"));
                sb.append(':');
                Json.writeString(sb, Objects.requireNonNull(e.getValue(), "metadata value of " + e.getKey()));
            }
            sb.append('}');
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (NamedTensor t : tensors) {
            if (t.name().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor may not be called " + METADATA_KEY);
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            sb.append(sb.length() == 1 ? "" : ",");
            Json.writeString(sb, t.name());
            sb.append(":{\"dtype\":\"F32\",\"shape\":[");
            long[] shape = t.shape();
            for (int d = 0; d < shape.length; d++) {
                sb.append(d == 0 ? "" : ",").append(shape[d]);
            }
            long end = offset + (long) t.size() * Float.BYTES;
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /** Makes the rename itself durable where the platform allows syncing a folder (Linux does; others may not). */
    // ---- reading ----

    /** Reads every tensor and the metadata of {@code file}, rejecting anything malformed. */
    public static Contents read(Path file) {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(name, ch.size(), (at, dst) -> {
                while (dst.hasRemaining()) {
                    if (ch.read(dst, at + dst.position()) < 0) {
                        throw new IOException("file shrank while being read");
                    }
                }
            });
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(name + ": file not found", e);
        } catch (IOException e) {
            throw new SafetensorsException(name + ": cannot read: " + e, e);
        }
    }

    /** As {@link #read(Path)}, from the bytes of a file; {@code name} is used in messages. */
    static Contents read(String name, byte[] bytes) {
        try {
            return read(name, bytes.length, (at, dst) -> dst.put(bytes, (int) at, dst.remaining()));
        } catch (IOException e) {
            throw new AssertionError("in-memory reads do not fail", e);
        }
    }

    /** Random-access reads of {@code dst.remaining()} bytes at {@code at}, already checked to lie in the file. */
    private interface Source {
        void readFully(long at, ByteBuffer dst) throws IOException;
    }

    /** One header entry, checked. */
    private record Entry(String name, long[] shape, long begin, long end) {}

    private static Contents read(String name, long size, Source src) throws IOException {
        if (size < 8) {
            throw bad(name, "file is " + size + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        src.readFully(0, prefix);
        long n = prefix.getLong(0);
        if (n < 2 || n > size - 8 || n > MAX_HEADER_BYTES) {
            throw bad(name, "bad header length " + Long.toUnsignedString(n) + " (the file has " + (size - 8)
                    + " bytes after the length field; the limit is " + MAX_HEADER_BYTES + ")");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        src.readFully(8, headerBytes);
        headerBytes.flip();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw bad(name, "header is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw bad(name, "header does not start with '{'");
        }
        Object json;
        try {
            json = Json.parse(text);
        } catch (Json.JsonException e) {
            throw bad(name, "header is not valid JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> top)) {
            throw bad(name, "header is not a JSON object");
        }
        long dataSize = size - 8 - n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals(METADATA_KEY)) {
                readMetadata(name, e.getValue(), metadata);
            } else {
                entries.add(entry(name, key, e.getValue(), dataSize));
            }
        }
        // The tensors must tile [0, dataSize) exactly; sort by position, empty tensors first at equal begins.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long cursor = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < cursor) {
                throw bad(name, "tensors '" + previous.name() + "' " + range(previous) + " and '" + e.name() + "' "
                        + range(e) + " overlap");
            }
            if (e.begin() > cursor) {
                throw bad(name, "gap of " + (e.begin() - cursor) + " bytes before tensor '" + e.name() + "' " + range(e));
            }
            cursor = e.end();
            previous = e;
        }
        if (cursor != dataSize) {
            throw bad(name, "the data block has " + dataSize + " bytes but the tensors cover only " + cursor);
        }
        List<NamedTensor> tensors = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            tensors.add(new NamedTensor(e.name(), e.shape(), readFloats(src, 8 + n + e.begin(), e.end() - e.begin())));
        }
        return new Contents(tensors, metadata);
    }

    private static void readMetadata(String name, Object value, Map<String, String> metadata) {
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(name, METADATA_KEY + " is not a JSON object");
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String v)) {
                throw bad(name, METADATA_KEY + " entry '" + m.getKey() + "' is not a string");
            }
            metadata.put((String) m.getKey(), v);
        }
    }

    private static Entry entry(String name, String tensor, Object value, long dataSize) {
        if (tensor.isEmpty()) {
            throw bad(name, "a tensor has an empty name");
        }
        if (!(value instanceof Map<?, ?> info)) {
            throw bad(name, "tensor '" + tensor + "': entry is not a JSON object");
        }
        for (Object field : info.keySet()) {
            if (!field.equals("dtype") && !field.equals("shape") && !field.equals("data_offsets")) {
                throw bad(name, "tensor '" + tensor + "': unknown field '" + field + "'");
            }
        }
        if (!(info.get("dtype") instanceof String dtype)) {
            throw bad(name, "tensor '" + tensor + "': dtype missing or not a string");
        }
        if (!dtype.equals("F32")) {
            throw bad(name, "tensor '" + tensor + "': dtype " + dtype + " is not supported (only F32)");
        }
        long[] shape = longs(name, tensor, "shape", info.get("shape"));
        long[] offsets = longs(name, tensor, "data_offsets", info.get("data_offsets"));
        if (offsets.length != 2) {
            throw bad(name, "tensor '" + tensor + "': data_offsets has " + offsets.length + " entries, expected 2");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw bad(name, "tensor '" + tensor + "': data_offsets [" + begin + ", " + end + "] run backwards");
        }
        if (end > dataSize) {
            throw bad(name, "tensor '" + tensor + "': data_offsets [" + begin + ", " + end
                    + "] out of range: the data block has only " + dataSize + " bytes");
        }
        long elements = 1;
        try {
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            Math.multiplyExact(elements, Float.BYTES);
        } catch (ArithmeticException e) {
            throw bad(name, "tensor '" + tensor + "': shape " + Arrays.toString(shape) + " is too large");
        }
        if (elements * Float.BYTES != end - begin) {
            throw bad(name, "tensor '" + tensor + "': shape " + Arrays.toString(shape) + " needs " + elements * Float.BYTES
                    + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        if (elements > MAX_ELEMENTS) {
            throw bad(name, "tensor '" + tensor + "': " + elements + " elements do not fit one Java array");
        }
        return new Entry(tensor, shape, begin, end);
    }

    /** A JSON array of non-negative integers. */
    private static long[] longs(String name, String tensor, String field, Object value) {
        if (!(value instanceof List<?> list)) {
            throw bad(name, "tensor '" + tensor + "': " + field + " missing or not an array");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw bad(name, "tensor '" + tensor + "': " + field + " holds " + list.get(i)
                        + ", not a non-negative integer");
            }
            out[i] = v;
        }
        return out;
    }

    private static float[] readFloats(Source src, long at, long bytes) throws IOException {
        float[] out = new float[(int) (bytes / Float.BYTES)];
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < out.length; ) {
            int n = Math.min(out.length - i, CHUNK_BYTES / Float.BYTES);
            chunk.clear().limit(n * Float.BYTES);
            src.readFully(at + (long) i * Float.BYTES, chunk);
            chunk.flip();
            chunk.asFloatBuffer().get(out, i, n);
            i += n;
        }
        return out;
    }

    private static String range(Entry e) {
        return "[" + e.begin() + ", " + e.end() + ")";
    }

    private static SafetensorsException bad(String name, String problem) {
        return new SafetensorsException(name + ": " + problem);
    }
}
