// Every op of the cpu backend against the reference backend, forward and backward, at 128 and 256 bits and scalar.
package dev.alexnet.cpu;

import static dev.alexnet.core.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.HostTensor;
import dev.alexnet.core.spi.Tensor;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random shapes, strides, paddings, groups and values; the cpu backend must match the reference
 * within |got - ref| <= atol + rtol |ref|. Both backends use HostTensors, so inputs are shared and
 * only outputs are separate. Tolerances: rtol 1e-4 (fp32 against double sums); atol 1e-5 plus
 * 2e-6 per term of the reduction (unit-scale inputs, so a float sum of L terms drifts by about
 * L * 2^-24 * |partial sums|, far below any indexing mistake, which gives O(1) errors).
 * Ops that do the same float arithmetic in the same order (ReLU, dropout, pooling, SGD) must be exact.
 */
class SimdVsReferenceTest {
    static final Backend REF = new ReferenceBackend();
    // Pools are daemon threads and scratch sits in arenas the JVM frees at exit: jqwik gives no reliable
    // after-all hook across containers, so the backends live for the whole test JVM.
    static final Backend CPU128 = new SimdBackend(new BackendOptions(2), 128);
    static final Backend CPU256 = new SimdBackend(new BackendOptions(2), 256);
    static final Backend SCALAR = new SimdBackend(new BackendOptions(1), 0);
    // 512 bits runs natively on AVX-512 hosts and through the Vector API's Java fallback elsewhere
    // (slow), so it appears only in the small random shapes below, not in the full-size layers.
    static final Backend CPU512 = new SimdBackend(new BackendOptions(2), 512);
    // Convolutions split the batch into chunks of at most 64 floats of column/output matrix: one
    // image per chunk here, so the chunk offsets are exercised on shapes that fit in one chunk otherwise.
    static final Backend CHUNKED = new SimdBackend(new BackendOptions(2), 256, 64);
    static final double RTOL = 1e-4;

    /** width 0: 128 bits, 1: 256 bits, 2: scalar, 3: 512 bits, 4: 256 bits with one image per convolution chunk. */
    static Backend cpu(int width) {
        return switch (width) {
            case 0 -> CPU128;
            case 1 -> CPU256;
            case 2 -> SCALAR;
            case 3 -> CPU512;
            default -> CHUNKED;
        };
    }

    static double atol(long reduction) {
        return 1e-5 + 2e-6 * reduction;
    }

    static HostTensor random(Shape s, Random rnd, double scale) {
        HostTensor t = new HostTensor(s);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return t;
    }

    static HostTensor copy(HostTensor t) {
        HostTensor c = new HostTensor(t.shape());
        System.arraycopy(t.data(), 0, c.data(), 0, c.data().length);
        return c;
    }

    static float[] d(Tensor t) {
        return HostTensor.data(t);
    }

    // ---- convolution --------------------------------------------------------------------------

    /** Runs all four convolution passes on both backends and compares every output. */
    static void checkConv(String what, ConvGeom g, int width, long seed) {
        Backend cpu = cpu(width);
        Random rnd = new Random(seed);
        HostTensor x = random(g.inputShape(), rnd, 1);
        HostTensor w = random(g.filterShape(), rnd, 1);
        HostTensor b = random(g.biasShape(), rnd, 1);
        HostTensor dy = random(g.outputShape(), rnd, 1);
        // dw and db start non-zero so that accumulation (beta = 1) is checked, not assumed.
        HostTensor dw0 = random(g.filterShape(), rnd, 1);
        HostTensor db0 = random(g.biasShape(), rnd, 1);
        String tag = what + " " + g + " width#" + width;
        int crs = g.cPerGroup() * g.r() * g.s();

        HostTensor yRef = new HostTensor(g.outputShape());
        HostTensor yCpu = random(g.outputShape(), rnd, 1); // garbage: forward must overwrite
        REF.convForward(g, x, w, b, yRef);
        cpu.convForward(g, x, w, b, yCpu);
        assertClose(tag + " y", d(yRef), d(yCpu), atol(crs), RTOL);

        HostTensor dxRef = new HostTensor(g.inputShape());
        HostTensor dxCpu = random(g.inputShape(), rnd, 1);
        REF.convBackwardData(g, dy, w, dxRef);
        cpu.convBackwardData(g, dy, w, dxCpu);
        assertClose(tag + " dx", d(dxRef), d(dxCpu), atol((long) g.kPerGroup() * g.r() * g.s()), RTOL);

        HostTensor dwRef = copy(dw0);
        HostTensor dwCpu = copy(dw0);
        REF.convBackwardFilter(g, x, dy, dwRef);
        cpu.convBackwardFilter(g, x, dy, dwCpu);
        assertClose(tag + " dw", d(dwRef), d(dwCpu), atol((long) g.n() * g.outH() * g.outW()), RTOL);

        HostTensor dbRef = copy(db0);
        HostTensor dbCpu = copy(db0);
        REF.convBackwardBias(g, dy, dbRef);
        cpu.convBackwardBias(g, dy, dbCpu);
        assertClose(tag + " db", d(dbRef), d(dbCpu), atol((long) g.n() * g.outH() * g.outW()), RTOL);
    }

    @Property(tries = 80, seed = "20261204")
    void convolutionMatchesReference(@ForAll @IntRange(min = 1, max = 4) int n,
                                     @ForAll @IntRange(min = 1, max = 3) int groups,
                                     @ForAll @IntRange(min = 1, max = 5) int cPerGroup,
                                     @ForAll @IntRange(min = 1, max = 9) int kPerGroup,
                                     @ForAll @IntRange(min = 1, max = 13) int h,
                                     @ForAll @IntRange(min = 1, max = 13) int w,
                                     @ForAll @IntRange(min = 1, max = 5) int r,
                                     @ForAll @IntRange(min = 1, max = 5) int s,
                                     @ForAll @IntRange(min = 1, max = 3) int stride,
                                     @ForAll @IntRange(min = 0, max = 3) int pad,
                                     @ForAll @IntRange(min = 0, max = 4) int width,
                                     @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Assume.that(h + 2 * pad >= r && w + 2 * pad >= s);
        ConvGeom g = new ConvGeom(n, groups * cPerGroup, h, w, groups * kPerGroup, r, s, stride, pad, groups);
        checkConv("random", g, width, seed);
    }

    /**
     * Stride 1, square filters, pad <= R-1: the shapes whose backward-data runs as a forward
     * convolution with flipped filters (rare among the random shapes above, so drawn on their own).
     */
    @Property(tries = 40, seed = "20261210")
    void stride1BackwardDataAsForwardMatchesReference(@ForAll @IntRange(min = 1, max = 4) int n,
                                                      @ForAll @IntRange(min = 1, max = 3) int groups,
                                                      @ForAll @IntRange(min = 1, max = 6) int cPerGroup,
                                                      @ForAll @IntRange(min = 1, max = 9) int kPerGroup,
                                                      @ForAll @IntRange(min = 1, max = 13) int h,
                                                      @ForAll @IntRange(min = 1, max = 13) int w,
                                                      @ForAll @IntRange(min = 1, max = 5) int r,
                                                      @ForAll @IntRange(min = 0, max = 4) int pad,
                                                      @ForAll @IntRange(min = 0, max = 4) int width,
                                                      @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Assume.that(pad <= r - 1 && h + 2 * pad >= r && w + 2 * pad >= r);
        ConvGeom g = new ConvGeom(n, groups * cPerGroup, h, w, groups * kPerGroup, r, r, 1, pad, groups);
        checkConv("stride-1", g, width, seed);
    }

    // ---- fully connected ----------------------------------------------------------------------

    @Property(tries = 60, seed = "20261205")
    void fullyConnectedMatchesReference(@ForAll @IntRange(min = 1, max = 9) int n,
                                        @ForAll @IntRange(min = 1, max = 70) int in,
                                        @ForAll @IntRange(min = 1, max = 40) int out,
                                        @ForAll boolean withDx, @ForAll boolean spatialInput,
                                        @ForAll @IntRange(min = 0, max = 3) int width,
                                        @ForAll @LongRange(min = 0, max = 1000) long seed) {
        checkFc(n, in, out, withDx, spatialInput, width, seed);
    }

    static void checkFc(int n, int in, int out, boolean withDx, boolean spatialInput, int width, long seed) {
        Backend cpu = cpu(width);
        Random rnd = new Random(seed);
        // A pooled conv output (n, in, 1, 1) or, when in is even, (n, in/2, 2, 1): FC flattens per image.
        Shape xs = spatialInput && in % 2 == 0 ? new Shape(n, in / 2, 2, 1) : Shape.matrix(n, in);
        HostTensor x = random(xs, rnd, 1);
        HostTensor w = random(Shape.matrix(out, in), rnd, 1);
        HostTensor b = random(Shape.vector(out), rnd, 1);
        HostTensor dy = random(Shape.matrix(n, out), rnd, 1);
        HostTensor dw0 = random(w.shape(), rnd, 1);
        HostTensor db0 = random(b.shape(), rnd, 1);
        String tag = "fc n=" + n + " in=" + in + " out=" + out + " width#" + width;

        HostTensor yRef = new HostTensor(Shape.matrix(n, out));
        HostTensor yCpu = random(Shape.matrix(n, out), rnd, 1);
        REF.fcForward(x, w, b, yRef);
        cpu.fcForward(x, w, b, yCpu);
        assertClose(tag + " y", d(yRef), d(yCpu), atol(in), RTOL);

        HostTensor dwRef = copy(dw0), dwCpu = copy(dw0), dbRef = copy(db0), dbCpu = copy(db0);
        HostTensor dxRef = withDx ? new HostTensor(xs) : null;
        HostTensor dxCpu = withDx ? random(xs, rnd, 1) : null;
        REF.fcBackward(x, w, dy, dxRef, dwRef, dbRef);
        cpu.fcBackward(x, w, dy, dxCpu, dwCpu, dbCpu);
        assertClose(tag + " dw", d(dwRef), d(dwCpu), atol(n), RTOL);
        assertClose(tag + " db", d(dbRef), d(dbCpu), atol(n), RTOL);
        if (withDx) {
            assertClose(tag + " dx", d(dxRef), d(dxCpu), atol(out), RTOL);
        }
    }

    // ---- ReLU, dropout, SGD: same float arithmetic, so exact --------------------------------------

    @Property(tries = 30, seed = "20261206")
    void elementwiseOpsEqualReferenceExactly(@ForAll @IntRange(min = 1, max = 70000) int len,
                                             @ForAll @IntRange(min = 0, max = 9) int tenthsDropped,
                                             @ForAll @IntRange(min = 0, max = 3) int width,
                                             @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Backend cpu = cpu(width);
        Random rnd = new Random(seed);
        Shape s = new Shape(1, len, 1, 1);
        HostTensor x = random(s, rnd, 1);
        HostTensor dy = random(s, rnd, 1);

        HostTensor yRef = new HostTensor(s), yCpu = new HostTensor(s);
        REF.reluForward(x, yRef);
        cpu.reluForward(x, yCpu);
        assertClose("relu y", d(yRef), d(yCpu), 0, 0);
        HostTensor dxRef = new HostTensor(s), dxCpu = new HostTensor(s);
        REF.reluBackward(yRef, dy, dxRef);
        cpu.reluBackward(yRef, dy, dxCpu);
        assertClose("relu dx", d(dxRef), d(dxCpu), 0, 0);
        // In place, as the model may call it.
        HostTensor inPlace = copy(x);
        cpu.reluForward(inPlace, inPlace);
        assertClose("relu in place", d(yRef), d(inPlace), 0, 0);

        float p = tenthsDropped / 10f;
        long dropSeed = seed * 31 + 7;
        HostTensor mRef = new HostTensor(s), mCpu = new HostTensor(s);
        REF.dropoutForward(p, dropSeed, x, mRef, yRef);
        cpu.dropoutForward(p, dropSeed, x, mCpu, yCpu);
        assertClose("dropout mask p=" + p, d(mRef), d(mCpu), 0, 0);
        assertClose("dropout y p=" + p, d(yRef), d(yCpu), 0, 0);
        REF.dropoutBackward(mRef, dy, dxRef);
        cpu.dropoutBackward(mCpu, dy, dxCpu);
        assertClose("dropout dx", d(dxRef), d(dxCpu), 0, 0);

        HostTensor wRef = random(s, rnd, 1), g = random(s, rnd, 1), vRef = random(s, rnd, 0.1);
        HostTensor wCpu = copy(wRef), vCpu = copy(vRef);
        REF.sgdUpdate(wRef, g, vRef, 0.01f, 0.9f, 5e-4f);
        cpu.sgdUpdate(wCpu, g, vCpu, 0.01f, 0.9f, 5e-4f);
        assertClose("sgd w", d(wRef), d(wCpu), 0, 0);
        assertClose("sgd v", d(vRef), d(vCpu), 0, 0);
    }

    // ---- LRN ----------------------------------------------------------------------------------

    @Property(tries = 40, seed = "20261207")
    void lrnMatchesReference(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 12) int c,
                             @ForAll @IntRange(min = 1, max = 9) int h, @ForAll @IntRange(min = 1, max = 9) int w,
                             @ForAll @IntRange(min = 0, max = 3) int halfSize, @ForAll @IntRange(min = 0, max = 3) int params,
                             @ForAll @IntRange(min = 0, max = 3) int width,
                             @ForAll @LongRange(min = 0, max = 1000) long seed) {
        // The paper's constants, then stronger alphas and other betas (the pow path) so that the
        // normalisation visibly changes the values.
        LrnParams p = switch (params) {
            case 0 -> LrnParams.PAPER;
            case 1 -> new LrnParams(2 * halfSize + 1, 0.1, 0.75, 2.0);
            case 2 -> new LrnParams(2 * halfSize + 1, 0.3, 0.5, 1.0);
            default -> new LrnParams(2 * halfSize + 1, 0.05, 1.3, 0.7);
        };
        checkLrn(p, new Shape(n, c, h, w), width, seed);
    }

    static void checkLrn(LrnParams p, Shape s, int width, long seed) {
        Backend cpu = cpu(width);
        Random rnd = new Random(seed);
        HostTensor x = random(s, rnd, 3);
        HostTensor dy = random(s, rnd, 1);
        String tag = "lrn " + p + " " + s + " width#" + width;
        HostTensor yRef = new HostTensor(s), yCpu = new HostTensor(s), sRef = new HostTensor(s), sCpu = new HostTensor(s);
        REF.lrnForward(p, x, yRef, sRef);
        cpu.lrnForward(p, x, yCpu, sCpu);
        assertClose(tag + " scale", d(sRef), d(sCpu), 1e-5, RTOL);
        assertClose(tag + " y", d(yRef), d(yCpu), 1e-5, RTOL);
        HostTensor dxRef = new HostTensor(s), dxCpu = new HostTensor(s);
        // Both backward passes read the reference's forward outputs, so only backward is compared.
        REF.lrnBackward(p, x, yRef, sRef, dy, dxRef);
        cpu.lrnBackward(p, x, yRef, sRef, dy, dxCpu);
        assertClose(tag + " dx", d(dxRef), d(dxCpu), atol(p.size()), RTOL);
    }

    // ---- max pooling --------------------------------------------------------------------------

    @Property(tries = 40, seed = "20261208")
    void maxPoolMatchesReferenceExactly(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                                        @ForAll @IntRange(min = 1, max = 15) int h, @ForAll @IntRange(min = 1, max = 15) int w,
                                        @ForAll @IntRange(min = 1, max = 4) int size, @ForAll @IntRange(min = 1, max = 3) int stride,
                                        @ForAll boolean ties, @ForAll @IntRange(min = 0, max = 3) int width,
                                        @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Assume.that(h >= size && w >= size);
        PoolGeom g = new PoolGeom(n, c, h, w, size, stride);
        Backend cpu = cpu(width);
        Random rnd = new Random(seed);
        HostTensor x = random(g.inputShape(), rnd, 1);
        if (ties) {
            // Values from {-1, 0, 1}: most windows hold several maxima, which exercises the first-max rule.
            float[] xd = x.data();
            for (int i = 0; i < xd.length; i++) {
                xd[i] = rnd.nextInt(3) - 1;
            }
        }
        HostTensor dy = random(g.outputShape(), rnd, 1);
        HostTensor yRef = new HostTensor(g.outputShape()), yCpu = new HostTensor(g.outputShape());
        REF.maxPoolForward(g, x, yRef);
        cpu.maxPoolForward(g, x, yCpu);
        assertClose("pool y " + g, d(yRef), d(yCpu), 0, 0);
        HostTensor dxRef = new HostTensor(g.inputShape()), dxCpu = random(g.inputShape(), rnd, 1);
        REF.maxPoolBackward(g, x, yRef, dy, dxRef);
        cpu.maxPoolBackward(g, x, yCpu, dy, dxCpu);
        assertClose("pool dx " + g, d(dxRef), d(dxCpu), 0, 0);
    }

    // ---- softmax cross-entropy ----------------------------------------------------------------

    @Property(tries = 30, seed = "20261209")
    void softmaxCrossEntropyMatchesReference(@ForAll @IntRange(min = 1, max = 20) int n,
                                             @ForAll @IntRange(min = 1, max = 12) int classes,
                                             @ForAll @IntRange(min = 0, max = 3) int magnitude,
                                             @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Random rnd = new Random(seed);
        Shape s = Shape.matrix(n, classes);
        // Logits up to +-1000: exp would overflow without the max shift.
        HostTensor z = random(s, rnd, Math.pow(10, magnitude));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(classes);
        }
        HostTensor pRef = new HostTensor(s), pCpu = new HostTensor(s), gRef = new HostTensor(s), gCpu = new HostTensor(s);
        float lossRef = REF.softmaxCrossEntropy(z, labels, pRef, gRef);
        float lossCpu = CPU256.softmaxCrossEntropy(z, labels, pCpu, gCpu);
        assertEquals(lossRef, lossCpu, 1e-6 + 1e-6 * Math.abs(lossRef), "loss");
        assertClose("softmax probs", d(pRef), d(pCpu), 1e-7, 1e-6);
        assertClose("softmax dLogits", d(gRef), d(gCpu), 1e-7, 1e-6);
        float lossOnly = CPU256.softmaxCrossEntropy(z, labels, null, null);
        assertEquals(lossCpu, lossOnly, 0f, "loss without outputs");
    }
}
