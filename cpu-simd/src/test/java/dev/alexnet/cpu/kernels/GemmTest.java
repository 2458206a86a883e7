// Checks the packed SGEMM against a naive double-precision triple loop on odd sizes, every transpose and width.
package dev.alexnet.cpu.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GemmTest {
    // Automatic arena and daemon pools: JUnit and jqwik run in separate engines, so no @AfterAll closes them.
    private static final Arena ARENA = Arena.ofAuto();
    private static final Parallel ONE = new Parallel(1);
    private static final Parallel TWO = new Parallel(2);

    static float[] random(Random rnd, int len) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** C = (add ? C : 0) + op(A) op(B) in double, the definition the kernel must agree with. */
    static float[] naive(boolean ta, boolean tb, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                         float[] c0, int ldc, boolean add) {
        float[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = add ? c[i * ldc + j] : 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * lda + i] : a[i * lda + p];
                    double bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                    s += av * bv;
                }
                c[i * ldc + j] = (float) s;
            }
        }
        return c;
    }

    static void check(int bits, Parallel par, boolean ta, boolean tb, int m, int n, int k, boolean add, long seed) {
        Random rnd = new Random(seed);
        // Leading dimensions larger than the extents, to catch any use of the extent as the stride.
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 2;
        int ldc = n + 1;
        float[] a = random(rnd, (ta ? k : m) * lda);
        float[] b = random(rnd, (tb ? n : k) * ldb);
        float[] c = random(rnd, m * ldc);
        float[] expected = naive(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, add);
        Gemm g = new Gemm(MicroKernel.forBits(bits), par, ARENA);
        g.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, ldc, add);
        // fp32 sums of k products of unit-scale values: error grows like sqrt(k) ulps; 1e-6 * k is generous
        // yet far below any indexing mistake (which gives O(1) errors).
        double atol = 1e-5 + 1e-6 * k;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int idx = i * ldc + j;
                float e = expected[idx];
                float got = c[idx];
                assertTrue(Math.abs(e - got) <= atol + 1e-4 * Math.abs(e),
                        () -> "bits=" + bits + " ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                                + " add=" + add + " at (" + idx / ldc + "," + idx % ldc + "): expected " + e + " got " + got);
            }
            // The padding column past n must be untouched.
            assertEquals(expected[i * ldc + n], c[i * ldc + n], 0f, "column past n was written");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 128, 256})
    void oddSizesEveryTranspose(int bits) {
        int[][] sizes = {{1, 1, 1}, {1, 17, 3}, {7, 1, 5}, {6, 16, 1}, {13, 31, 29}, {37, 23, 300}, {5, 41, 257}};
        long seed = 11;
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                check(bits, ONE, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], t % 3 == 0, seed++);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256})
    void blockEdgesTwoThreads(int bits) {
        // Crosses MC (144 at 256 bits, 288 at 128), KC (256 at 256 bits, 512 at 128) and splits between two threads along m and along n.
        check(bits, TWO, false, false, 151, 67, 263, true, 5);
        check(bits, TWO, true, false, 50, 211, 300, false, 6);
        check(bits, TWO, false, true, 149, 37, 520, true, 7);
        check(bits, TWO, true, true, 300, 29, 530, true, 8);
    }

    @Test
    void wideNCrossesNcBlock() {
        check(256, TWO, false, false, 7, Gemm.NC_MAX + 19, 5, false, 8);
        check(512, ONE, false, true, 7, Gemm.NC_MAX + 37, 5, true, 9);
    }

    @Property(tries = 40)
    void randomShapes(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
                      @ForAll @IntRange(min = 1, max = 60) int k, @ForAll boolean ta, @ForAll boolean tb,
                      @ForAll boolean add, @ForAll boolean wide) {
        check(wide ? 256 : 128, ONE, ta, tb, m, n, k, add, m * 1000L + n * 10L + k);
    }

    @Test
    void sameResultWithOneAndTwoThreads() {
        Random rnd = new Random(3);
        int m = 97, n = 131, k = 700;
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c1 = new float[m * n];
        float[] c2 = new float[m * n];
        new Gemm(MicroKernel.forBits(256), ONE, ARENA).gemm(false, false, m, n, k, a, 0, k, b, 0, n, c1, 0, n, false);
        new Gemm(MicroKernel.forBits(256), TWO, ARENA).gemm(false, false, m, n, k, a, 0, k, b, 0, n, c2, 0, n, false);
        for (int i = 0; i < c1.length; i++) {
            assertEquals(Float.floatToIntBits(c1[i]), Float.floatToIntBits(c2[i]), "element " + i);
        }
    }
}
