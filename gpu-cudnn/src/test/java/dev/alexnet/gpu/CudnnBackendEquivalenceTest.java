// Every gpu op against the reference backend, forward and every backward output, on AlexNet's layers and odd sizes.
package dev.alexnet.gpu;

import static dev.alexnet.core.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs only where {@link CudnnBackendProvider#isAvailable()} (a CUDA device with cuDNN 9 and cuBLAS).
 * Inputs are seeded uniform [-1, 1) (filters scaled by 1/sqrt(fan-in) so outputs stay near unit scale).
 * Tolerances: cuDNN's atol 1e-4, rtol 1e-3, with atol scaled by sqrt(reduction length / 64) for long
 * sums (conv C R S, filter gradients N P Q, the 9216-wide FC layer), because cuDNN's algorithms (GEMM
 * tiles, Winograd, FFT) sum in other orders than the reference's double loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudnnBackendEquivalenceTest {
    private static final double ATOL = 1e-4, RTOL = 1e-3;
    /** One float32 rounding of a single product (x * mask is rounded once on both sides; this allows for a fused form). */
    private static final double ONE_ULP = 1.2e-7;

    private final CudnnBackendProvider provider = new CudnnBackendProvider();
    private final ReferenceBackend ref = new ReferenceBackend();
    private Backend gpu;
    private final List<Tensor> made = new ArrayList<>();

    @BeforeAll
    void open() {
        // On a GPU machine (scripts/gpu-check.sh sets -Dalexnet.gpu.require=true) a missing backend is a failure.
        if (Boolean.getBoolean("alexnet.gpu.require")) {
            assertTrue(provider.isAvailable(), () -> "gpu backend required but unavailable: " + provider.unavailableReason());
        }
        assumeTrue(provider.isAvailable(), () -> "gpu backend unavailable: " + provider.unavailableReason());
        gpu = provider.create(BackendOptions.defaults());
        System.out.println(gpu.describe());
    }

    @AfterEach
    void freeTensors() {
        for (Tensor t : made) t.close();
        made.clear();
    }

    @AfterAll
    void close() {
        if (gpu != null) gpu.close();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The same tensor on both backends: [0] reference, [1] gpu. */
    private Tensor[] pair(Shape s, float[] data) {
        Tensor r = ref.allocate(s), g = gpu.allocate(s);
        made.add(r);
        made.add(g);
        ref.copyIn(data, r);
        gpu.copyIn(data, g);
        return new Tensor[] {r, g};
    }

    private Tensor[] zeros(Shape s) {
        return pair(s, new float[s.size()]);
    }

    private static float[] uniform(long seed, int size, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return a;
    }

    private void check(String name, Tensor[] t, double atol, double rtol) {
        float[] expected = new float[t[0].size()], actual = new float[t[1].size()];
        ref.copyOut(t[0], expected);
        gpu.copyOut(t[1], actual);
        assertEquals(t[0].shape(), t[1].shape(), name + " shape");
        assertClose(name, expected, actual, atol, rtol);
    }

    /** atol for a sum of {@code length} unit-scale products. */
    private static double sumAtol(long length) {
        return ATOL * Math.max(1.0, Math.sqrt(length / 64.0));
    }

    // ---- convolution --------------------------------------------------------------------------

    static Stream<Arguments> convolutions() {
        return Stream.of(
                Arguments.of("conv1", new ConvGeom(2, 3, 227, 227, 96, 11, 11, 4, 0, 1)),
                Arguments.of("conv2 groups 2", new ConvGeom(1, 96, 27, 27, 256, 5, 5, 1, 2, 2)),
                Arguments.of("conv3", new ConvGeom(1, 256, 13, 13, 384, 3, 3, 1, 1, 1)),
                Arguments.of("conv4 groups 2", new ConvGeom(1, 384, 13, 13, 384, 3, 3, 1, 1, 2)),
                Arguments.of("conv5 groups 2", new ConvGeom(1, 384, 13, 13, 256, 3, 3, 1, 1, 2)),
                Arguments.of("fashion conv1", new ConvGeom(4, 1, 28, 28, 32, 5, 5, 1, 2, 1)),
                Arguments.of("prime sizes", new ConvGeom(3, 5, 13, 11, 7, 3, 3, 2, 1, 1)),
                Arguments.of("pad > stride, N = 1", new ConvGeom(1, 4, 7, 7, 6, 3, 3, 1, 2, 2)),
                Arguments.of("1x1, K = 1", new ConvGeom(2, 3, 5, 5, 1, 1, 1, 1, 0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void convolutionForwardAndBothBackwardPasses(String name, ConvGeom g) {
        int fanIn = g.cPerGroup() * g.r() * g.s();
        Tensor[] x = pair(g.inputShape(), uniform(1, g.inputShape().size(), 1));
        Tensor[] w = pair(g.filterShape(), uniform(2, g.filterShape().size(), 1 / Math.sqrt(fanIn)));
        Tensor[] b = pair(g.biasShape(), uniform(3, g.k(), 1));
        Tensor[] y = zeros(g.outputShape());
        ref.convForward(g, x[0], w[0], b[0], y[0]);
        gpu.convForward(g, x[1], w[1], b[1], y[1]);
        check(name + " y", y, sumAtol(fanIn), RTOL);

        Tensor[] dy = pair(g.outputShape(), uniform(4, g.outputShape().size(), 1));
        Tensor[] dx = pair(g.inputShape(), uniform(5, g.inputShape().size(), 1)); // garbage: must be overwritten
        ref.convBackwardData(g, dy[0], w[0], dx[0]);
        gpu.convBackwardData(g, dy[1], w[1], dx[1]);
        check(name + " dx", dx, sumAtol((long) g.kPerGroup() * g.r() * g.s()), RTOL);

        // dw and db start non-zero: both passes must add into them (beta = 1).
        Tensor[] dw = pair(g.filterShape(), uniform(6, g.filterShape().size(), 1));
        ref.convBackwardFilter(g, x[0], dy[0], dw[0]);
        gpu.convBackwardFilter(g, x[1], dy[1], dw[1]);
        long batchSum = (long) g.n() * g.outH() * g.outW();
        check(name + " dw", dw, sumAtol(batchSum), RTOL);

        Tensor[] db = pair(g.biasShape(), uniform(7, g.k(), 1));
        ref.convBackwardBias(g, dy[0], db[0]);
        gpu.convBackwardBias(g, dy[1], db[1]);
        check(name + " db", db, sumAtol(batchSum), RTOL);

        // A second filter-gradient pass accumulates again.
        ref.convBackwardFilter(g, x[0], dy[0], dw[0]);
        gpu.convBackwardFilter(g, x[1], dy[1], dw[1]);
        check(name + " dw twice", dw, 2 * sumAtol(batchSum), RTOL);
    }

    // ---- fully connected ----------------------------------------------------------------------

    static Stream<Arguments> linears() {
        return Stream.of(
                Arguments.of("fc1 from pool5", new Shape(2, 256, 6, 6), 64),
                Arguments.of("fc3", Shape.matrix(3, 4096), 10),
                Arguments.of("odd sizes", Shape.matrix(3, 37), 11),
                Arguments.of("N = 1", Shape.matrix(1, 5), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linears")
    void fullyConnectedForwardAndBackward(String name, Shape xShape, int out) {
        int n = xShape.n(), in = xShape.perImage();
        Tensor[] x = pair(xShape, uniform(11, xShape.size(), 1));
        Tensor[] w = pair(Shape.matrix(out, in), uniform(12, out * in, 1 / Math.sqrt(in)));
        Tensor[] b = pair(Shape.vector(out), uniform(13, out, 1));
        Tensor[] y = zeros(Shape.matrix(n, out));
        ref.fcForward(x[0], w[0], b[0], y[0]);
        gpu.fcForward(x[1], w[1], b[1], y[1]);
        check(name + " y", y, sumAtol(in), RTOL);

        Tensor[] dy = pair(Shape.matrix(n, out), uniform(14, n * out, 1));
        Tensor[] dx = pair(xShape, uniform(15, xShape.size(), 1));
        Tensor[] dw = pair(Shape.matrix(out, in), uniform(16, out * in, 1));
        Tensor[] db = pair(Shape.vector(out), uniform(17, out, 1));
        ref.fcBackward(x[0], w[0], dy[0], dx[0], dw[0], db[0]);
        gpu.fcBackward(x[1], w[1], dy[1], dx[1], dw[1], db[1]);
        check(name + " dx", dx, sumAtol(out), RTOL);
        check(name + " dw", dw, sumAtol(n), RTOL);
        check(name + " db", db, sumAtol(n), RTOL);

        // Without dx (the first layer): the parameter gradients still accumulate.
        ref.fcBackward(x[0], w[0], dy[0], null, dw[0], db[0]);
        gpu.fcBackward(x[1], w[1], dy[1], null, dw[1], db[1]);
        check(name + " dw twice", dw, 2 * sumAtol(n), RTOL);
        check(name + " db twice", db, 2 * sumAtol(n), RTOL);
    }

    // ---- ReLU ---------------------------------------------------------------------------------

    @Test
    void reluForwardAndBackwardAreExactOutOfPlaceAndInPlace() {
        Shape s = new Shape(2, 96, 27, 27);
        float[] data = uniform(21, s.size(), 1);
        data[0] = 0f;
        data[1] = -0f;
        Tensor[] x = pair(s, data), y = zeros(s);
        ref.reluForward(x[0], y[0]);
        gpu.reluForward(x[1], y[1]);
        check("relu y", y, 0, 0);
        Tensor[] dy = pair(s, uniform(22, s.size(), 1)), dx = zeros(s);
        ref.reluBackward(y[0], dy[0], dx[0]);
        gpu.reluBackward(y[1], dy[1], dx[1]);
        check("relu dx", dx, 0, 0);

        ref.reluForward(x[0], x[0]);
        gpu.reluForward(x[1], x[1]);
        check("relu y in place", x, 0, 0);
        ref.reluBackward(x[0], dy[0], dy[0]);
        gpu.reluBackward(x[1], dy[1], dy[1]);
        check("relu dx in place", dy, 0, 0);
    }

    // ---- LRN ----------------------------------------------------------------------------------

    static Stream<Arguments> lrns() {
        LrnParams strong = new LrnParams(5, 1e-2, 0.75, 2.0); // alpha large enough that the window matters
        return Stream.of(
                Arguments.of("lrn1 paper", LrnParams.PAPER, new Shape(2, 96, 55, 55), 1.0),
                Arguments.of("lrn2 paper, large inputs", LrnParams.PAPER, new Shape(1, 256, 27, 27), 30.0),
                Arguments.of("strong alpha", strong, new Shape(2, 16, 6, 6), 10.0),
                Arguments.of("window 3, odd shape", new LrnParams(3, 5e-2, 0.5, 1.0), new Shape(3, 7, 5, 3), 4.0),
                Arguments.of("fewer channels than the window", strong, new Shape(1, 3, 4, 4), 10.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lrns")
    void lrnForwardScaleAndBackward(String name, LrnParams p, Shape s, double inputScale) {
        Tensor[] x = pair(s, uniform(31, s.size(), inputScale));
        Tensor[] y = zeros(s), scale = zeros(s);
        ref.lrnForward(p, x[0], y[0], scale[0]);
        gpu.lrnForward(p, x[1], y[1], scale[1]);
        check(name + " y", y, ATOL * inputScale, RTOL);
        check(name + " scale", scale, ATOL, RTOL);
        Tensor[] dy = pair(s, uniform(32, s.size(), 1)), dx = pair(s, uniform(33, s.size(), 1));
        ref.lrnBackward(p, x[0], y[0], scale[0], dy[0], dx[0]);
        gpu.lrnBackward(p, x[1], y[1], scale[1], dy[1], dx[1]);
        check(name + " dx", dx, ATOL, RTOL);
    }

    // ---- max pooling --------------------------------------------------------------------------

    static Stream<Arguments> pools() {
        return Stream.of(
                Arguments.of("pool1", new PoolGeom(2, 96, 55, 55, 3, 2), "uniform"),
                Arguments.of("pool2", new PoolGeom(1, 256, 27, 27, 3, 2), "uniform"),
                Arguments.of("pool5", new PoolGeom(2, 256, 13, 13, 3, 2), "uniform"),
                Arguments.of("odd sizes", new PoolGeom(3, 5, 9, 7, 3, 2), "uniform"),
                Arguments.of("non-overlapping", new PoolGeom(2, 3, 8, 8, 2, 2), "uniform"),
                Arguments.of("ties: values in {0, 1, 2}", new PoolGeom(2, 8, 13, 13, 3, 2), "ties"),
                Arguments.of("ties: all zero (after ReLU)", new PoolGeom(1, 4, 7, 7, 3, 2), "zeros"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pools")
    void maxPoolForwardAndBackwardWithFirstMaximumTies(String name, PoolGeom g, String kind) {
        int size = g.inputShape().size();
        float[] data = switch (kind) {
            case "ties" -> {
                float[] a = uniform(41, size, 1);
                for (int i = 0; i < size; i++) a[i] = (float) Math.floor((a[i] + 1) * 1.5); // 0, 1 or 2
                yield a;
            }
            case "zeros" -> new float[size];
            default -> uniform(41, size, 1);
        };
        Tensor[] x = pair(g.inputShape(), data), y = zeros(g.outputShape());
        ref.maxPoolForward(g, x[0], y[0]);
        gpu.maxPoolForward(g, x[1], y[1]);
        check(name + " y", y, 0, 0);
        Tensor[] dy = pair(g.outputShape(), uniform(42, g.outputShape().size(), 1));
        Tensor[] dx = pair(g.inputShape(), uniform(43, size, 1));
        ref.maxPoolBackward(g, x[0], y[0], dy[0], dx[0]);
        gpu.maxPoolBackward(g, x[1], y[1], dy[1], dx[1]);
        // Overlapping windows add several dy into one dx, in another order on the device.
        check(name + " dx", dx, 1e-6, 1e-6);
    }

    // ---- dropout ------------------------------------------------------------------------------

    @Test
    void dropoutMasksAreTheSharedFunctionAndExact() {
        Shape s = Shape.matrix(32, 4096);
        for (float p : new float[] {0.5f, 0.3f, 0f}) {
            Tensor[] x = pair(s, uniform(51, s.size(), 1)), mask = zeros(s), y = zeros(s);
            ref.dropoutForward(p, 1234L, x[0], mask[0], y[0]);
            gpu.dropoutForward(p, 1234L, x[1], mask[1], y[1]);
            check("dropout mask p=" + p, mask, 0, 0);
            check("dropout y p=" + p, y, 0, ONE_ULP);
            Tensor[] dy = pair(s, uniform(52, s.size(), 1)), dx = zeros(s);
            ref.dropoutBackward(mask[0], dy[0], dx[0]);
            gpu.dropoutBackward(mask[1], dy[1], dx[1]);
            check("dropout dx p=" + p, dx, 0, ONE_ULP);

            ref.dropoutForward(p, 99L, x[0], mask[0], x[0]);
            gpu.dropoutForward(p, 99L, x[1], mask[1], x[1]);
            check("dropout y in place p=" + p, x, 0, ONE_ULP);
            ref.dropoutBackward(mask[0], dy[0], dy[0]);
            gpu.dropoutBackward(mask[1], dy[1], dy[1]);
            check("dropout dx in place p=" + p, dy, 0, ONE_ULP);
        }
    }

    // ---- softmax cross-entropy ----------------------------------------------------------------

    @Test
    void softmaxCrossEntropyLossProbsAndGradient() {
        for (int n : new int[] {1, 4, 32}) {
            Shape s = Shape.matrix(n, 10);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = (i * 7 + 3) % 10;
            Tensor[] logits = pair(s, uniform(61 + n, s.size(), 8));
            Tensor[] probs = zeros(s), dLogits = pair(s, uniform(62, s.size(), 1));
            float lossRef = ref.softmaxCrossEntropy(logits[0], labels, probs[0], dLogits[0]);
            float lossGpu = gpu.softmaxCrossEntropy(logits[1], labels, probs[1], dLogits[1]);
            assertClose("loss n=" + n, new float[] {lossRef}, new float[] {lossGpu}, 1e-5, 1e-5);
            check("probs n=" + n, probs, 1e-6, 1e-4);
            check("dLogits n=" + n, dLogits, 1e-6, 1e-4);
            float evalOnly = gpu.softmaxCrossEntropy(logits[1], labels, null, null);
            assertClose("loss without outputs n=" + n, new float[] {lossRef}, new float[] {evalOnly}, 1e-5, 1e-5);
        }
    }

    // ---- SGD ----------------------------------------------------------------------------------

    @Test
    void sgdWithMomentumAndWeightDecay() {
        for (int size : new int[] {37, 96 * 3 * 11 * 11}) {
            Shape s = Shape.vector(size);
            Tensor[] w = pair(s, uniform(71, size, 1)), grad = pair(s, uniform(72, size, 1));
            Tensor[] v = pair(s, uniform(73, size, 0.1));
            for (int step = 0; step < 3; step++) {
                ref.sgdUpdate(w[0], grad[0], v[0], 0.01f, 0.9f, 5e-4f);
                gpu.sgdUpdate(w[1], grad[1], v[1], 0.01f, 0.9f, 5e-4f);
            }
            check("sgd v size " + size, v, 1e-6, 1e-5);
            check("sgd w size " + size, w, 1e-6, 1e-5);
            ref.sgdUpdate(w[0], grad[0], v[0], 0.1f, 0f, 0f);
            gpu.sgdUpdate(w[1], grad[1], v[1], 0.1f, 0f, 0f);
            check("sgd w no momentum, no decay, size " + size, w, 1e-6, 1e-5);
        }
    }

    // ---- memory and argument checks -----------------------------------------------------------

    @Test
    void allocateIsZeroAndFillSetsEveryElement() {
        Shape s = new Shape(3, 5, 7, 11);
        Tensor[] t = zeros(s);
        Tensor fresh = gpu.allocate(s);
        made.add(fresh);
        check("allocate", new Tensor[] {t[0], fresh}, 0, 0);
        ref.fill(t[0], -2.5f);
        gpu.fill(t[1], -2.5f);
        check("fill", t, 0, 0);
        ref.fill(t[0], 0f);
        gpu.fill(t[1], 0f);
        check("fill zero", t, 0, 0);
    }

    @Test
    void shapesAreCheckedAtTheBoundary() {
        ConvGeom g = new ConvGeom(1, 3, 8, 8, 4, 3, 3, 1, 1, 1);
        Tensor x = gpu.allocate(g.inputShape()), w = gpu.allocate(g.filterShape()), b = gpu.allocate(g.biasShape());
        Tensor wrong = gpu.allocate(new Shape(1, 4, 7, 8));
        made.addAll(List.of(x, w, b, wrong));
        assertThrows(IllegalArgumentException.class, () -> gpu.convForward(g, x, w, b, wrong));
        Tensor host = ref.allocate(g.outputShape());
        made.add(host);
        assertThrows(IllegalArgumentException.class, () -> gpu.convForward(g, x, w, b, host));
        assertThrows(IllegalArgumentException.class, () -> gpu.copyIn(new float[3], x));
    }
}
