// Fuzzing Safetensors.read: random bytes, every truncation, mutated bytes, arbitrary header fields and token soup
// must end in a SafetensorsException (or a valid result), never another exception or an allocation a header asks for.
package dev.alexnet.core.io;

import static dev.alexnet.core.io.SafetensorsTest.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SafetensorsFuzzTest {
    private static final long MAX_NANOS = 5_000_000_000L;
    private static final byte[] VALID = validFile();

    private static byte[] validFile() {
        try {
            Path p = Files.createTempFile("fuzz", ".safetensors");
            Safetensors.write(p, List.of(
                    new NamedTensor("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                    new NamedTensor("b", new long[] {2}, new float[] {-1, 1}),
                    new NamedTensor("s", new long[] {}, new float[] {0.5f})), Map.of("k", "v"));
            byte[] b = Files.readAllBytes(p);
            Files.delete(p);
            return b;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Passes if reading returns or throws SafetensorsException, quickly. */
    private static void onlySafetensorsExceptions(byte[] bytes) {
        long t0 = System.nanoTime();
        try {
            Safetensors.read("fuzz", bytes);
        } catch (SafetensorsException expected) {
            // The only allowed failure.
        }
        long took = System.nanoTime() - t0;
        assertTrue(took < MAX_NANOS, "took " + took / 1_000_000 + " ms");
    }

    @Example
    void theFixtureIsValid() {
        assertEquals(3, Safetensors.read("valid", VALID).tensors().size());
    }

    @Property(tries = 400)
    void randomBytes(@ForAll @Size(max = 300) byte[] bytes) {
        onlySafetensorsExceptions(bytes);
    }

    @Property(tries = 400)
    void randomBytesBehindAPlausibleLength(@ForAll @Size(max = 300) byte[] rest, @ForAll @IntRange(max = 310) int n) {
        byte[] bytes = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(rest).array();
        onlySafetensorsExceptions(bytes);
    }

    @Property(tries = 500)
    void mutatedValidFile(@ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll byte value) {
        byte[] bytes = VALID.clone();
        bytes[where % bytes.length] = value;
        onlySafetensorsExceptions(bytes);
    }

    @Provide
    Arbitrary<String> dtypes() {
        return Arbitraries.of("F32", "F16", "BF16", "I64", "f32", "", "F32 ");
    }

    @Property(tries = 500)
    void arbitraryHeaderFields(@ForAll long d0, @ForAll long d1, @ForAll long begin, @ForAll long end,
            @ForAll("dtypes") String dtype, @ForAll @IntRange(max = 64) int dataBytes) {
        // Huge or negative numbers must be refused before any array is sized from them.
        String header = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + d0 + "," + d1 + "],\"data_offsets\":["
                + begin + "," + end + "]}}";
        onlySafetensorsExceptions(file(header, new byte[dataBytes]));
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\"t\"", "\"dtype\"", "\"F32\"", "\"shape\"",
                "\"data_offsets\"", "\"__metadata__\"", "0", "4", "-1", "1e3", "99999999999999999999", " ", "\\", "\\u",
                "true", "null", "\u00e9").list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    void tokenSoupHeaders(@ForAll("tokenSoup") String header, @ForAll @IntRange(max = 16) int dataBytes) {
        onlySafetensorsExceptions(file(header, new byte[dataBytes]));
    }

    @Example
    void everyTruncationIsRejected() {
        for (int len = 0; len < VALID.length; len++) {
            byte[] cut = Arrays.copyOf(VALID, len);
            assertThrows(SafetensorsException.class, () -> Safetensors.read("cut", cut), "length " + len);
        }
    }

    @Example
    void everyHeaderLengthButTheRightOneIsRejected() {
        long right = ByteBuffer.wrap(VALID).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        for (long n = 0; n < VALID.length + 16; n++) {
            byte[] bytes = VALID.clone();
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
            if (n == right) {
                Safetensors.read("ok", bytes);
            } else {
                long len = n;
                // Shorter lengths cut the JSON; longer ones swallow data bytes into it (invalid UTF-8 or JSON).
                assertThrows(SafetensorsException.class, () -> Safetensors.read("n", bytes), "length " + len);
            }
        }
    }
}
