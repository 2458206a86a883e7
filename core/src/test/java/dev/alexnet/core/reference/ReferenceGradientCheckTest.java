// Finite-difference checks of every backward op of the reference backend, with the accumulate/overwrite conventions.
package dev.alexnet.core.reference;

import static dev.alexnet.core.reference.Fixtures.add;
import static dev.alexnet.core.reference.Fixtures.awayFromZero;
import static dev.alexnet.core.reference.Fixtures.distinct;
import static dev.alexnet.core.reference.Fixtures.filled;
import static dev.alexnet.core.reference.Fixtures.numericGradient;
import static dev.alexnet.core.reference.Fixtures.project;
import static dev.alexnet.core.reference.Fixtures.read;
import static dev.alexnet.core.reference.Fixtures.tensor;
import static dev.alexnet.core.reference.Fixtures.uniform;
import static dev.alexnet.core.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Tensor;
import dev.alexnet.core.testing.Close;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each backward op against central differences of its forward. The loss is a random projection
 * L = sum(g * out) with a fixed random g, so dL/din is exactly backward(dout = g). Parameter gradients
 * are pre-filled with {@link #PRE} and must come back as PRE + gradient (beta = 1); input gradients
 * are pre-filled with {@link #GARBAGE} and must be overwritten (beta = 0).
 *
 * <p>Tolerances: the forward rounds its outputs to float32 (relative 6e-8), and dividing by 2e of
 * about 1e-2 amplifies that to about 1e-5 absolute for unit-scale values; the bounds below leave a
 * margin of about 10x over the largest error seen.
 */
class ReferenceGradientCheckTest {
    private static final float PRE = 0.75f;
    private static final float GARBAGE = -1.0e6f;

    private final ReferenceBackend be = new ReferenceBackend();

    // ---- convolution --------------------------------------------------------------------------

    static Stream<Arguments> convGeometries() {
        return Stream.of(
                // stride 2, padding 1, 2 groups, non-square input and odd kernel: the brief's case
                Arguments.of(new ConvGeom(2, 4, 7, 6, 4, 3, 3, 2, 1, 2), 11L),
                // padding larger than the stride, 1 group, rectangular kernel, K not equal to C
                Arguments.of(new ConvGeom(1, 3, 5, 5, 2, 3, 2, 1, 2, 1), 12L),
                // 2 groups with 2 output channels per group, stride 3, no padding
                Arguments.of(new ConvGeom(2, 2, 8, 7, 4, 2, 3, 3, 0, 2), 13L));
    }

    @ParameterizedTest
    @MethodSource("convGeometries")
    void convBackwardMatchesCentralDifferences(ConvGeom g, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = uniform(rnd, g.inputShape().size(), 1);
        float[] w = uniform(rnd, g.filterShape().size(), 1);
        float[] b = uniform(rnd, g.k(), 1);
        float[] gy = uniform(rnd, g.outputShape().size(), 1);

        // y (N, K, P, Q) = conv(x (N, C, H, W), w (K, C/G, R, S)) + b (K); L = sum(gy * y)
        Tensor xt = tensor(be, g.inputShape(), x), wt = tensor(be, g.filterShape(), w);
        Tensor bt = tensor(be, g.biasShape(), b), yt = be.allocate(g.outputShape());
        Tensor gyt = tensor(be, g.outputShape(), gy);

        Tensor dx = tensor(be, g.inputShape(), filled(x.length, GARBAGE));
        Tensor dw = tensor(be, g.filterShape(), filled(w.length, PRE));
        Tensor db = tensor(be, g.biasShape(), filled(b.length, PRE));
        be.convBackwardData(g, gyt, wt, dx);
        be.convBackwardFilter(g, xt, gyt, dw);
        be.convBackwardBias(g, gyt, db);

        float[] numDx = numericGradient(x, 1e-2, xp -> {
            be.copyIn(xp, xt);
            be.convForward(g, xt, wt, bt, yt);
            return project(gy, read(be, yt));
        });
        be.copyIn(x, xt);
        float[] numDw = numericGradient(w, 1e-2, wp -> {
            be.copyIn(wp, wt);
            be.convForward(g, xt, wt, bt, yt);
            return project(gy, read(be, yt));
        });
        be.copyIn(w, wt);
        float[] numDb = numericGradient(b, 1e-2, bp -> {
            be.copyIn(bp, bt);
            be.convForward(g, xt, wt, bt, yt);
            return project(gy, read(be, yt));
        });

        assertClose("conv dx " + g, numDx, read(be, dx), 1e-4, 1e-3);
        assertClose("conv dw " + g, add(numDw, PRE), read(be, dw), 1e-4, 1e-3);
        assertClose("conv db " + g, add(numDb, PRE), read(be, db), 1e-4, 1e-3);
    }

    @Test
    void convParameterGradientsAccumulateOverCalls() {
        ConvGeom g = new ConvGeom(2, 4, 7, 6, 4, 3, 3, 2, 1, 2);
        SplittableRandom rnd = new SplittableRandom(21);
        Tensor xt = tensor(be, g.inputShape(), uniform(rnd, g.inputShape().size(), 1));
        Tensor gyt = tensor(be, g.outputShape(), uniform(rnd, g.outputShape().size(), 1));
        Tensor once = be.allocate(g.filterShape()), twice = be.allocate(g.filterShape());
        Tensor dbOnce = be.allocate(g.biasShape()), dbTwice = be.allocate(g.biasShape());
        be.convBackwardFilter(g, xt, gyt, once);
        be.convBackwardBias(g, gyt, dbOnce);
        for (int i = 0; i < 2; i++) {
            be.convBackwardFilter(g, xt, gyt, twice);
            be.convBackwardBias(g, gyt, dbTwice);
        }
        float[] doubled = read(be, once), dbDoubled = read(be, dbOnce);
        for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
        for (int i = 0; i < dbDoubled.length; i++) dbDoubled[i] *= 2;
        assertClose("conv dw twice", doubled, read(be, twice), 1e-6, 1e-6);
        assertClose("conv db twice", dbDoubled, read(be, dbTwice), 1e-6, 1e-6);
    }

    // ---- fully connected ----------------------------------------------------------------------

    @Test
    void fcBackwardMatchesCentralDifferences() {
        // x (N=3, 2x3x1 = 6 features): fc flattens each image; w (OUT=4, IN=6); y (3, 4)
        Shape xs = new Shape(3, 2, 3, 1), ws = Shape.matrix(4, 6), bs = Shape.vector(4), ys = Shape.matrix(3, 4);
        SplittableRandom rnd = new SplittableRandom(31);
        float[] x = uniform(rnd, xs.size(), 1), w = uniform(rnd, ws.size(), 1), b = uniform(rnd, 4, 1);
        float[] gy = uniform(rnd, ys.size(), 1);
        Tensor xt = tensor(be, xs, x), wt = tensor(be, ws, w), bt = tensor(be, bs, b), yt = be.allocate(ys);
        Tensor gyt = tensor(be, ys, gy);

        Tensor dx = tensor(be, xs, filled(x.length, GARBAGE));
        Tensor dw = tensor(be, ws, filled(w.length, PRE));
        Tensor db = tensor(be, bs, filled(b.length, PRE));
        be.fcBackward(xt, wt, gyt, dx, dw, db);

        float[] numDx = numericGradient(x, 1e-2, xp -> {
            be.copyIn(xp, xt);
            be.fcForward(xt, wt, bt, yt);
            return project(gy, read(be, yt));
        });
        be.copyIn(x, xt);
        float[] numDw = numericGradient(w, 1e-2, wp -> {
            be.copyIn(wp, wt);
            be.fcForward(xt, wt, bt, yt);
            return project(gy, read(be, yt));
        });
        be.copyIn(w, wt);
        float[] numDb = numericGradient(b, 1e-2, bp -> {
            be.copyIn(bp, bt);
            be.fcForward(xt, wt, bt, yt);
            return project(gy, read(be, yt));
        });

        assertClose("fc dx", numDx, read(be, dx), 1e-4, 1e-3);
        assertClose("fc dw", add(numDw, PRE), read(be, dw), 1e-4, 1e-3);
        assertClose("fc db", add(numDb, PRE), read(be, db), 1e-4, 1e-3);

        // dx == null: the parameter gradients still accumulate, a second time
        be.fcBackward(xt, wt, gyt, null, dw, db);
        float[] twiceDw = add(numDw, PRE), twiceDb = add(numDb, PRE);
        for (int i = 0; i < twiceDw.length; i++) twiceDw[i] += numDw[i];
        for (int i = 0; i < twiceDb.length; i++) twiceDb[i] += numDb[i];
        assertClose("fc dw after a second call", twiceDw, read(be, dw), 2e-4, 1e-3);
        assertClose("fc db after a second call", twiceDb, read(be, db), 2e-4, 1e-3);
    }

    // ---- ReLU ---------------------------------------------------------------------------------

    @Test
    void reluBackwardMatchesCentralDifferences() {
        Shape s = new Shape(2, 3, 4, 5);
        SplittableRandom rnd = new SplittableRandom(41);
        // |x| >= 0.1 and the step 1e-3 never crosses the kink at 0
        float[] x = awayFromZero(rnd, s.size(), 2, 0.1);
        float[] gy = uniform(rnd, s.size(), 1);
        Tensor xt = tensor(be, s, x), yt = be.allocate(s), gyt = tensor(be, s, gy);
        be.reluForward(xt, yt);
        Tensor dx = tensor(be, s, filled(x.length, GARBAGE));
        be.reluBackward(yt, gyt, dx);

        Tensor probeY = be.allocate(s);
        float[] num = numericGradient(x, 1e-3, xp -> {
            be.copyIn(xp, xt);
            be.reluForward(xt, probeY);
            return project(gy, read(be, probeY));
        });
        assertClose("relu dx", num, read(be, dx), 1e-4, 1e-3);

        // both signs occur, so the check is not trivially all-pass or all-zero
        int positive = 0;
        for (float v : x) if (v > 0) positive++;
        assertTrue(positive > 10 && positive < x.length - 10, "positives: " + positive);
    }

    // ---- LRN ----------------------------------------------------------------------------------

    static Stream<Arguments> lrnCases() {
        return Stream.of(
                Arguments.of(LrnParams.PAPER, 1.0, 51L),
                Arguments.of(LrnParams.PAPER, 30.0, 52L),
                Arguments.of(new LrnParams(3, 2e-3, 0.75, 1.0), 10.0, 53L));
    }

    @ParameterizedTest
    @MethodSource("lrnCases")
    void lrnBackwardMatchesCentralDifferences(LrnParams p, double scaleOfX, long seed) {
        // 7 channels: windows are clipped at both ends and full in the middle
        Shape s = new Shape(2, 7, 2, 3);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = uniform(rnd, s.size(), scaleOfX);
        float[] gy = uniform(rnd, s.size(), 1);
        Tensor xt = tensor(be, s, x), yt = be.allocate(s), scale = be.allocate(s), gyt = tensor(be, s, gy);
        be.lrnForward(p, xt, yt, scale);
        Tensor dx = tensor(be, s, filled(x.length, GARBAGE));
        be.lrnBackward(p, xt, yt, scale, gyt, dx);
        float[] got = read(be, dx);

        Tensor py = be.allocate(s), ps = be.allocate(s);
        float[] num = numericGradient(x, 1e-3, xp -> {
            be.copyIn(xp, xt);
            be.lrnForward(p, xt, py, ps);
            return project(gy, read(be, py));
        });
        assertClose("lrn dx " + p + " |x|~" + scaleOfX, num, got, 2e-4, 2e-3);

        if (scaleOfX >= 10) {
            // The alpha term (through the other channels' denominators) must matter at this scale:
            // dropping it, dx = gy * scale^-beta, would fail the same check by a wide margin.
            float[] sc = read(be, scale), withoutAlpha = new float[x.length];
            for (int i = 0; i < x.length; i++) withoutAlpha[i] = (float) (gy[i] * Math.pow(sc[i], -p.beta()));
            double gap = Close.maxAbsDiff(withoutAlpha, num);
            assertTrue(gap > 0.05, "alpha term is only " + gap + " at |x| ~ " + scaleOfX);
        }
    }

    // ---- max pooling --------------------------------------------------------------------------

    static Stream<PoolGeom> poolGeometries() {
        return Stream.of(
                new PoolGeom(2, 3, 7, 7, 3, 2),   // overlapping windows, as in AlexNet
                new PoolGeom(1, 2, 6, 5, 2, 2),   // disjoint windows, a column left over
                new PoolGeom(1, 1, 5, 6, 3, 1));  // stride 1: each position in up to 9 windows
    }

    @ParameterizedTest
    @MethodSource("poolGeometries")
    void maxPoolBackwardMatchesCentralDifferences(PoolGeom g) {
        SplittableRandom rnd = new SplittableRandom(61 + g.h());
        // distinct values 0.1 apart: a step of 1e-3 never changes a window's argmax
        float[] x = distinct(rnd, g.inputShape().size(), 0.1f);
        float[] gy = uniform(rnd, g.outputShape().size(), 1);
        Tensor xt = tensor(be, g.inputShape(), x), yt = be.allocate(g.outputShape());
        Tensor gyt = tensor(be, g.outputShape(), gy);
        be.maxPoolForward(g, xt, yt);
        Tensor dx = tensor(be, g.inputShape(), filled(x.length, GARBAGE));
        be.maxPoolBackward(g, xt, yt, gyt, dx);

        Tensor py = be.allocate(g.outputShape());
        float[] num = numericGradient(x, 1e-3, xp -> {
            be.copyIn(xp, xt);
            be.maxPoolForward(g, xt, py);
            return project(gy, read(be, py));
        });
        assertClose("pool dx " + g, num, read(be, dx), 1e-3, 1e-3);
    }

    // ---- dropout ------------------------------------------------------------------------------

    @Test
    void dropoutBackwardMatchesCentralDifferences() {
        Shape s = new Shape(2, 3, 4, 4);
        SplittableRandom rnd = new SplittableRandom(71);
        float[] x = uniform(rnd, s.size(), 1), gy = uniform(rnd, s.size(), 1);
        Tensor xt = tensor(be, s, x), mask = be.allocate(s), yt = be.allocate(s), gyt = tensor(be, s, gy);
        be.dropoutForward(0.5f, 1234L, xt, mask, yt);
        Tensor dx = tensor(be, s, filled(x.length, GARBAGE));
        be.dropoutBackward(mask, gyt, dx);

        Tensor pm = be.allocate(s), py = be.allocate(s);
        float[] num = numericGradient(x, 1e-2, xp -> {
            be.copyIn(xp, xt);
            be.dropoutForward(0.5f, 1234L, xt, pm, py);
            return project(gy, read(be, py));
        });
        assertClose("dropout dx", num, read(be, dx), 1e-4, 1e-3);
    }

    // ---- softmax cross-entropy ----------------------------------------------------------------

    @Test
    void softmaxCrossEntropyDLogitsMatchesCentralDifferences() {
        // logits (N=3, CLASSES=5); the loss is the returned batch mean itself
        Shape s = Shape.matrix(3, 5);
        int[] labels = {4, 0, 2};
        SplittableRandom rnd = new SplittableRandom(81);
        float[] z = uniform(rnd, s.size(), 3);
        Tensor zt = tensor(be, s, z), probs = be.allocate(s);
        Tensor dz = tensor(be, s, filled(z.length, GARBAGE));
        be.softmaxCrossEntropy(zt, labels, probs, dz);

        float[] num = numericGradient(z, 1e-2, zp -> {
            be.copyIn(zp, zt);
            return be.softmaxCrossEntropy(zt, labels, null, null);
        });
        assertClose("softmax dLogits", num, read(be, dz), 2e-4, 2e-3);
    }
}
