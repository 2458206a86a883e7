// Exact cases worked out by hand for the reference backend: LRN, pooling ties, conv, fc, softmax, SGD and dropout.
package dev.alexnet.core.reference;

import static dev.alexnet.core.reference.Fixtures.filled;
import static dev.alexnet.core.reference.Fixtures.read;
import static dev.alexnet.core.reference.Fixtures.tensor;
import static dev.alexnet.core.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.DropoutMask;
import dev.alexnet.core.spi.Tensor;
import dev.alexnet.core.testing.Close;
import org.junit.jupiter.api.Test;

/**
 * Expected values are written out in the test, with the arithmetic beside them. Integer results are
 * exact in float32 and compared with atol 0; results that go through pow, exp or log are compared
 * with rtol 1e-6 (a few float32 ulps).
 */
class ReferenceHandComputedTest {
    private static final float GARBAGE = 12345f;

    private final ReferenceBackend be = new ReferenceBackend();

    // ---- LRN ----------------------------------------------------------------------------------

    @Test
    void lrnAcrossSevenChannelsUsesThePlainAlphaAndClippedWindows() {
        // One pixel, channels x = 10, 20, ..., 70; n = 5 (half = 2), k = 2, alpha = 1e-4, beta = 0.75.
        // x^2 = 100, 400, 900, 1600, 2500, 3600, 4900.
        // c0 window {0,1,2}:     100+400+900            = 1400  -> scale = 2 + 1e-4*1400  = 2.14
        // c1 window {0,1,2,3}:   1400+1600              = 3000  -> 2.30
        // c2 window {0..4}:      3000+2500              = 5500  -> 2.55
        // c3 window {1..5}:      400+900+1600+2500+3600 = 9000  -> 2.90
        // c4 window {2..6}:      900+...+4900           = 13500 -> 3.35
        // c5 window {3..6}:      1600+2500+3600+4900    = 12600 -> 3.26
        // c6 window {4,5,6}:     2500+3600+4900         = 11000 -> 3.10
        // y = x / scale^0.75: 2.14^0.75 = 1.769336, 10 / 1.769336 = 5.651838; 2.30^0.75 = 1.867652 -> 10.708635;
        // 2.55^0.75 = 2.017926 -> 14.866753; 2.90^0.75 = 2.222279 -> 17.999544; 3.35^0.75 = 2.476188 -> 20.192328;
        // 3.26^0.75 = 2.426125 -> 24.730793; 3.10^0.75 = 2.336261 -> 29.962412.
        LrnParams p = new LrnParams(5, 1e-4, 0.75, 2.0);
        Shape s = new Shape(1, 7, 1, 1);
        Tensor x = tensor(be, s, 10, 20, 30, 40, 50, 60, 70);
        Tensor y = tensor(be, s, filled(7, GARBAGE)), scale = tensor(be, s, filled(7, GARBAGE));
        be.lrnForward(p, x, y, scale);

        float[] expectedScale = {2.14f, 2.30f, 2.55f, 2.90f, 3.35f, 3.26f, 3.10f};
        float[] expectedY = {5.651838f, 10.708635f, 14.866753f, 17.999544f, 20.192328f, 24.730793f, 29.962412f};
        assertClose("lrn scale", expectedScale, read(be, scale), 0, 1e-6);
        assertClose("lrn y", expectedY, read(be, y), 0, 1e-6);

        // The divide-by-n convention (Caffe, PyTorch, cuDNN with alpha = 1e-4) would give
        // scale = 2 + 2e-5 * sum: c0 2.028 -> y 5.884357, c3 2.18 -> 22.295521, c6 2.22 -> 38.488706.
        float[] got = read(be, y);
        float[] divideByN = {5.884357f, 11.631335f, 17.135998f, 22.295521f, 27.036509f, 32.638107f, 38.488706f};
        for (int c = 0; c < 7; c++) {
            assertTrue(Math.abs(got[c] - divideByN[c]) > 0.2, "channel " + c + " matches the divide-by-n convention");
        }
    }

    @Test
    void lrnPerPixelAndPerImageWindowsAreIndependent() {
        // (N=2, C=3, H=1, W=2), n = 3, k = 1, alpha = 0.5, beta = 1 (so y = x / scale, exact fractions).
        // image 0 pixel 0: x = 1, 0, 1;  pixel 1: x = 2, 2, 0;  image 1 pixel 0: x = 0, 3, 0; pixel 1: 1, 1, 1.
        // image 0 pixel 0: sums {0,1}=1, {0,1,2}=2, {1,2}=1 -> scale 1.5, 2, 1.5 -> y = 2/3, 0, 2/3
        // image 0 pixel 1: sums 8, 8, 4 -> scale 5, 5, 3 -> y = 0.4, 0.4, 0
        // image 1 pixel 0: sums 9, 9, 9 -> scale 5.5 -> y = 0, 6/11, 0
        // image 1 pixel 1: sums 2, 3, 2 -> scale 2, 2.5, 2 -> y = 0.5, 0.4, 0.5
        LrnParams p = new LrnParams(3, 0.5, 1.0, 1.0);
        Shape s = new Shape(2, 3, 1, 2);
        // NCHW: image 0 = [c0: 1, 2][c1: 0, 2][c2: 1, 0], image 1 = [c0: 0, 1][c1: 3, 1][c2: 0, 1]
        Tensor x = tensor(be, s, 1, 2, 0, 2, 1, 0, 0, 1, 3, 1, 0, 1);
        Tensor y = be.allocate(s), scale = be.allocate(s);
        be.lrnForward(p, x, y, scale);
        assertClose("lrn scale", new float[] {1.5f, 5, 2, 5, 1.5f, 3, 5.5f, 2, 5.5f, 2.5f, 5.5f, 2},
                read(be, scale), 0, 1e-7);
        assertClose("lrn y", new float[] {2f / 3, 0.4f, 0, 0.4f, 2f / 3, 0, 0, 0.5f, 6f / 11, 0.4f, 0, 0.5f},
                read(be, y), 0, 1e-6);
    }

    // ---- max pooling --------------------------------------------------------------------------

    @Test
    void overlappingPoolRoutesEveryWindowToTheSharedMaximum() {
        // 5x5 input x[i][j] = 5i + j, except the centre (2,2) = 100. 3x3 windows, stride 2 -> 2x2 output;
        // windows start at (0,0), (0,2), (2,0), (2,2): all four contain (2,2), the maximum of each.
        PoolGeom g = new PoolGeom(1, 1, 5, 5, 3, 2);
        float[] xs = new float[25];
        for (int i = 0; i < 25; i++) xs[i] = i;
        xs[12] = 100;
        Tensor x = tensor(be, g.inputShape(), xs), y = be.allocate(g.outputShape());
        be.maxPoolForward(g, x, y);
        assertClose("pool y", new float[] {100, 100, 100, 100}, read(be, y), 0, 0);

        // dy = 1, 2, 4, 8: (2,2) collects 1 + 2 + 4 + 8 = 15, every other position 0.
        Tensor dy = tensor(be, g.outputShape(), 1, 2, 4, 8);
        Tensor dx = tensor(be, g.inputShape(), filled(25, GARBAGE));
        be.maxPoolBackward(g, x, y, dy, dx);
        float[] expected = new float[25];
        expected[12] = 15;
        assertClose("pool dx", expected, read(be, dx), 0, 0);
    }

    @Test
    void poolOfARampPicksEachWindowsBottomRight() {
        // Same 5x5 ramp without the spike: each window's maximum is its bottom-right corner,
        // (2,2) = 12, (2,4) = 14, (4,2) = 22, (4,4) = 24. (2,2) now gets only the first window's dy.
        // A second plane holds the negated ramp (all values <= 0): maxima are the top-left corners
        // (0,0) = 0, (0,2) = -2, (2,0) = -10, (2,2) = -12, so (2,2) again gets window 4 only.
        PoolGeom g = new PoolGeom(1, 2, 5, 5, 3, 2);
        float[] xs = new float[50];
        for (int i = 0; i < 25; i++) {
            xs[i] = i;
            xs[25 + i] = -i;
        }
        Tensor x = tensor(be, g.inputShape(), xs), y = be.allocate(g.outputShape());
        be.maxPoolForward(g, x, y);
        assertClose("pool y", new float[] {12, 14, 22, 24, 0, -2, -10, -12}, read(be, y), 0, 0);

        Tensor dy = tensor(be, g.outputShape(), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor dx = tensor(be, g.inputShape(), filled(50, GARBAGE));
        be.maxPoolBackward(g, x, y, dy, dx);
        float[] expected = new float[50];
        expected[12] = 1;
        expected[14] = 2;
        expected[22] = 3;
        expected[24] = 4;
        expected[25] = 5;
        expected[25 + 2] = 6;
        expected[25 + 10] = 7;
        expected[25 + 12] = 8;
        assertClose("pool dx", expected, read(be, dx), 0, 0);
    }

    @Test
    void poolOverEqualValuesSendsEachWindowToItsFirstPosition() {
        // 5x5 of ones, 3x3 stride 2: every position of a window ties. Each window's whole dy goes to its
        // first (row-major) position: (0,0), (0,2), (2,0), (2,2), never split. (0,2) also lies in
        // window (0,0) but is not that window's first position, so it gets window (0,1)'s dy alone.
        PoolGeom g = new PoolGeom(1, 1, 5, 5, 3, 2);
        Tensor x = tensor(be, g.inputShape(), filled(25, 1f)), y = be.allocate(g.outputShape());
        be.maxPoolForward(g, x, y);
        assertClose("pool y", new float[] {1, 1, 1, 1}, read(be, y), 0, 0);

        Tensor dy = tensor(be, g.outputShape(), 1, 2, 4, 8);
        Tensor dx = tensor(be, g.inputShape(), filled(25, GARBAGE));
        be.maxPoolBackward(g, x, y, dy, dx);
        float[] expected = new float[25];
        expected[0] = 1;          // (0,0)
        expected[2] = 2;          // (0,2)
        expected[2 * 5] = 4;      // (2,0)
        expected[2 * 5 + 2] = 8;  // (2,2)
        assertClose("pool dx", expected, read(be, dx), 0, 0);
    }

    @Test
    void poolTieAfterAnEarlierSmallerValueGoesToTheFirstMaximum() {
        // One 2x2 window [[1, 3], [3, 2]]: the maximum 3 sits at (0,1) and (1,0); (0,1) comes first.
        PoolGeom g = new PoolGeom(1, 1, 2, 2, 2, 2);
        Tensor x = tensor(be, g.inputShape(), 1, 3, 3, 2), y = be.allocate(g.outputShape());
        be.maxPoolForward(g, x, y);
        Tensor dy = tensor(be, g.outputShape(), 5);
        Tensor dx = tensor(be, g.inputShape(), filled(4, GARBAGE));
        be.maxPoolBackward(g, x, y, dy, dx);
        assertClose("pool y", new float[] {3}, read(be, y), 0, 0);
        assertClose("pool dx", new float[] {0, 5, 0, 0}, read(be, dx), 0, 0);
    }

    // ---- convolution --------------------------------------------------------------------------

    @Test
    void onesConvolutionWithPaddingAndStride2() {
        // x (1,1,4,4) = 1..16 row-major, w (1,1,3,3) ones, b = 1, pad 1, stride 2 -> P = Q = (4+2-3)/2+1 = 2.
        // x = [ 1  2  3  4]   window (oy,ox) covers rows 2oy-1..2oy+1, cols 2ox-1..2ox+1 (outside = 0)
        //     [ 5  6  7  8]   (0,0): rows 0-1, cols 0-1: 1+2+5+6                  = 14 -> 15
        //     [ 9 10 11 12]   (0,1): rows 0-1, cols 1-3: 2+3+4+6+7+8              = 30 -> 31
        //     [13 14 15 16]   (1,0): rows 1-3, cols 0-1: 5+6+9+10+13+14           = 57 -> 58
        //                     (1,1): rows 1-3, cols 1-3: 6+7+8+10+11+12+14+15+16  = 99 -> 100
        ConvGeom g = new ConvGeom(1, 1, 4, 4, 1, 3, 3, 2, 1, 1);
        float[] xs = new float[16];
        for (int i = 0; i < 16; i++) xs[i] = i + 1;
        Tensor x = tensor(be, g.inputShape(), xs), w = tensor(be, g.filterShape(), filled(9, 1f));
        Tensor b = tensor(be, g.biasShape(), 1f), y = tensor(be, g.outputShape(), filled(4, GARBAGE));
        be.convForward(g, x, w, b, y);
        assertClose("conv y", new float[] {15, 31, 58, 100}, read(be, y), 0, 0);

        // dy = ones: dx[i][j] = number of windows covering (i,j) = rows(i) * cols(j), where
        // rows covered: row 0 by oy=0, row 1 by oy=0 and 1, rows 2, 3 by oy=1 -> counts 1, 2, 1, 1.
        Tensor dy = tensor(be, g.outputShape(), filled(4, 1f));
        Tensor dx = tensor(be, g.inputShape(), filled(16, GARBAGE));
        be.convBackwardData(g, dy, w, dx);
        assertClose("conv dx", new float[] {1, 2, 1, 1, 2, 4, 2, 2, 1, 2, 1, 1, 1, 2, 1, 1}, read(be, dx), 0, 0);

        // dw[r][s] = sum of x over the rows of tap r and cols of tap s: tap 0 reads row/col {1} (the -1 is padding),
        // tap 1 reads {0, 2}, tap 2 reads {1, 3}.
        // dw[0] = x11, x10+x12, x11+x13             = 6, 5+7, 6+8                  = 6, 12, 14
        // dw[1] = x01+x21, x00+x02+x20+x22, x01+x03+x21+x23 = 2+10, 1+3+9+11, 2+4+10+12 = 12, 24, 28
        // dw[2] = x11+x31, x10+x12+x30+x32, x11+x13+x31+x33 = 6+14, 5+7+13+15, 6+8+14+16 = 20, 40, 44
        // added to a pre-filled 0.5; db = 0.5 + 4 ones = 4.5
        Tensor dw = tensor(be, g.filterShape(), filled(9, 0.5f)), db = tensor(be, g.biasShape(), 0.5f);
        be.convBackwardFilter(g, x, dy, dw);
        be.convBackwardBias(g, dy, db);
        assertClose("conv dw", new float[] {6.5f, 12.5f, 14.5f, 12.5f, 24.5f, 28.5f, 20.5f, 40.5f, 44.5f},
                read(be, dw), 0, 0);
        assertClose("conv db", new float[] {4.5f}, read(be, db), 0, 0);
    }

    @Test
    void groupedConvolutionKeepsGroupsApart() {
        // x (1,4,3,3): channel c constant = c+1 (1, 2, 3, 4). w (2, 2, 3, 3) ones, groups 2, b = 0, no pad.
        // Filter 0 reads channels 0,1 only: 9*(1+2) = 27. Filter 1 reads channels 2,3 only: 9*(3+4) = 63.
        // (Without groups each filter would see all four channels: 9*10 = 90.)
        ConvGeom g = new ConvGeom(1, 4, 3, 3, 2, 3, 3, 1, 0, 2);
        float[] xs = new float[36];
        for (int i = 0; i < 36; i++) xs[i] = i / 9 + 1;
        Tensor x = tensor(be, g.inputShape(), xs), w = tensor(be, g.filterShape(), filled(36, 1f));
        Tensor b = be.allocate(g.biasShape()), y = be.allocate(g.outputShape());
        be.convForward(g, x, w, b, y);
        assertClose("grouped conv y", new float[] {27, 63}, read(be, y), 0, 0);

        // dy = (1, 10): channels 0,1 get 1 * w = 1 everywhere, channels 2,3 get 10.
        Tensor dy = tensor(be, g.outputShape(), 1, 10);
        Tensor dx = tensor(be, g.inputShape(), filled(36, GARBAGE));
        be.convBackwardData(g, dy, w, dx);
        float[] expectedDx = new float[36];
        for (int i = 0; i < 36; i++) expectedDx[i] = i < 18 ? 1 : 10;
        assertClose("grouped conv dx", expectedDx, read(be, dx), 0, 0);

        // dw of filter 0 = dy0 * x over channels 0,1 = 1, 2 everywhere; filter 1 = 10 * (3, 4) = 30, 40.
        Tensor dw = be.allocate(g.filterShape());
        be.convBackwardFilter(g, x, dy, dw);
        float[] expectedDw = new float[36];
        for (int i = 0; i < 36; i++) expectedDw[i] = new float[] {1, 2, 30, 40}[i / 9];
        assertClose("grouped conv dw", expectedDw, read(be, dw), 0, 0);

        // Changing channels 2,3 of x leaves filter 0's output alone.
        for (int i = 18; i < 36; i++) xs[i] = -7;
        be.copyIn(xs, x);
        be.convForward(g, x, w, b, y);
        assertClose("grouped conv y after changing group 1", new float[] {27, -126}, read(be, y), 0, 0);
    }

    // ---- fully connected ----------------------------------------------------------------------

    @Test
    void fullyConnectedWithSmallIntegers() {
        // x (2,3) = [[1,2,3],[4,5,6]], w (2,3) = [[1,0,-1],[2,1,0]], b = [10, 20].
        // y = x w^T + b: [1-3+10, 2+2+20; 4-6+10, 8+5+20] = [8, 24; 8, 33]
        Tensor x = tensor(be, Shape.matrix(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor w = tensor(be, Shape.matrix(2, 3), 1, 0, -1, 2, 1, 0);
        Tensor b = tensor(be, Shape.vector(2), 10, 20);
        Tensor y = tensor(be, Shape.matrix(2, 2), filled(4, GARBAGE));
        be.fcForward(x, w, b, y);
        assertClose("fc y", new float[] {8, 24, 8, 33}, read(be, y), 0, 0);

        // dy = [[1,2],[3,4]]. dx = dy w: [1*(1,0,-1) + 2*(2,1,0); 3*(1,0,-1) + 4*(2,1,0)] = [5,2,-1; 11,4,-3]
        // dw = dy^T x: [1*(1,2,3) + 3*(4,5,6); 2*(1,2,3) + 4*(4,5,6)] = [13,17,21; 18,24,30], plus 1 pre-filled
        // db = column sums of dy = [4, 6], plus 1 pre-filled
        Tensor dy = tensor(be, Shape.matrix(2, 2), 1, 2, 3, 4);
        Tensor dx = tensor(be, Shape.matrix(2, 3), filled(6, GARBAGE));
        Tensor dw = tensor(be, Shape.matrix(2, 3), filled(6, 1f)), db = tensor(be, Shape.vector(2), 1, 1);
        be.fcBackward(x, w, dy, dx, dw, db);
        assertClose("fc dx", new float[] {5, 2, -1, 11, 4, -3}, read(be, dx), 0, 0);
        assertClose("fc dw", new float[] {14, 18, 22, 19, 25, 31}, read(be, dw), 0, 0);
        assertClose("fc db", new float[] {5, 7}, read(be, db), 0, 0);
    }

    // ---- softmax cross-entropy ----------------------------------------------------------------

    @Test
    void softmaxCrossEntropyOfLogLogits() {
        // row 0: z = [0, ln 2, ln 3, ln 2] -> e^z = 1, 2, 3, 2 (sum 8) -> p = 1/8, 1/4, 3/8, 1/4; label 2
        //        loss = -ln(3/8) = ln(8/3) = 0.980829
        // row 1: z = [ln 4, 0, ln 2, 0]     -> e^z = 4, 1, 2, 1 (sum 8) -> p = 1/2, 1/8, 1/4, 1/8; label 0
        //        loss = -ln(1/2) = ln 2 = 0.693147
        // mean loss = (0.980829 + 0.693147) / 2 = 0.836988; dLogits = (p - onehot) / 2
        float ln2 = (float) Math.log(2), ln3 = (float) Math.log(3), ln4 = (float) Math.log(4);
        Shape s = Shape.matrix(2, 4);
        Tensor z = tensor(be, s, 0, ln2, ln3, ln2, ln4, 0, ln2, 0);
        Tensor probs = tensor(be, s, filled(8, GARBAGE)), dz = tensor(be, s, filled(8, GARBAGE));
        float loss = be.softmaxCrossEntropy(z, new int[] {2, 0}, probs, dz);
        assertEquals(0.836988f, loss, 1e-6f);
        assertClose("probs", new float[] {0.125f, 0.25f, 0.375f, 0.25f, 0.5f, 0.125f, 0.25f, 0.125f},
                read(be, probs), 0, 1e-6);
        // (1/8)/2, (1/4)/2, (3/8 - 1)/2, (1/4)/2; (1/2 - 1)/2, (1/8)/2, (1/4)/2, (1/8)/2
        assertClose("dLogits", new float[] {0.0625f, 0.125f, -0.3125f, 0.125f, -0.25f, 0.0625f, 0.125f, 0.0625f},
                read(be, dz), 0, 1e-6);
    }

    @Test
    void softmaxCrossEntropyIsStableForLargeLogits() {
        // Shifting every logit of a row by a constant changes nothing: [1000, 1001, 1002] (where e^1000
        // overflows) and [-1000, -999, -998] (where it underflows) must equal [0, 1, 2].
        // p = e^(0,1,2) / (1 + e + e^2) = 0.090031, 0.244728, 0.665241; label 1: loss = -ln 0.244728 = 1.407606
        Shape s = Shape.matrix(1, 3);
        float[] expectedP = {0.090031f, 0.244728f, 0.665241f};
        for (float shift : new float[] {0, 1000, -1000}) {
            Tensor z = tensor(be, s, shift, shift + 1, shift + 2);
            Tensor probs = be.allocate(s), dz = be.allocate(s);
            float loss = be.softmaxCrossEntropy(z, new int[] {1}, probs, dz);
            assertTrue(Float.isFinite(loss), "loss " + loss + " at shift " + shift);
            assertEquals(1.407606f, loss, 1e-5f, "loss at shift " + shift);
            assertClose("probs at shift " + shift, expectedP, read(be, probs), 1e-6, 1e-5);
            assertClose("dLogits at shift " + shift, new float[] {0.090031f, 0.244728f - 1, 0.665241f},
                    read(be, dz), 1e-6, 1e-5);
        }
    }

    @Test
    void softmaxCrossEntropyWithoutOutputsReturnsTheLoss() {
        // Evaluation passes null for both outputs; the loss is still ln 4 for 4 equal logits.
        Tensor z = tensor(be, Shape.matrix(1, 4), 3, 3, 3, 3);
        assertEquals((float) Math.log(4), be.softmaxCrossEntropy(z, new int[] {3}, null, null), 1e-6f);
    }

    // ---- SGD ----------------------------------------------------------------------------------

    @Test
    void sgdMomentumTwoStepsByHand() {
        // lr = 0.1, momentum = 0.9, weight decay = 0.01, w = [1, -2], v = [0, 0].
        // step 1, g = [0.5, 0.25]:
        //   v0 = 0.9*0 - 0.1*(0.5 + 0.01*1)     = -0.051      w0 = 1 - 0.051      = 0.949
        //   v1 = 0.9*0 - 0.1*(0.25 + 0.01*(-2)) = -0.023      w1 = -2 - 0.023     = -2.023
        // step 2, g = [-1, 0.5]:
        //   v0 = 0.9*(-0.051) - 0.1*(-1 + 0.01*0.949)  = -0.0459 + 0.099051 = 0.053151  w0 = 1.002151
        //   v1 = 0.9*(-0.023) - 0.1*(0.5 - 0.01*2.023) = -0.0207 - 0.047977 = -0.068677 w1 = -2.091677
        Shape s = Shape.vector(2);
        Tensor w = tensor(be, s, 1, -2), v = be.allocate(s), grad = tensor(be, s, 0.5f, 0.25f);
        be.sgdUpdate(w, grad, v, 0.1f, 0.9f, 0.01f);
        assertClose("v after step 1", new float[] {-0.051f, -0.023f}, read(be, v), 0, 1e-6);
        assertClose("w after step 1", new float[] {0.949f, -2.023f}, read(be, w), 0, 1e-6);
        be.copyIn(new float[] {-1, 0.5f}, grad);
        be.sgdUpdate(w, grad, v, 0.1f, 0.9f, 0.01f);
        assertClose("v after step 2", new float[] {0.053151f, -0.068677f}, read(be, v), 0, 1e-5);
        assertClose("w after step 2", new float[] {1.002151f, -2.091677f}, read(be, w), 0, 1e-6);
    }

    // ---- dropout ------------------------------------------------------------------------------

    @Test
    void dropoutWithZeroProbabilityKeepsEverything() {
        Shape s = new Shape(1, 1, 4, 8);
        float[] xs = new float[s.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = i - 10;
        Tensor x = tensor(be, s, xs), mask = tensor(be, s, filled(xs.length, GARBAGE)), y = be.allocate(s);
        be.dropoutForward(0f, 99L, x, mask, y);
        assertClose("mask at p=0", filled(xs.length, 1f), read(be, mask), 0, 0);
        assertClose("y at p=0", xs, read(be, y), 0, 0);
    }

    @Test
    void dropoutHalfKeepsAboutHalfWithMultiplierTwo() {
        // p = 0.5: kept entries are scaled by 1/(1-0.5) = 2, dropped ones are 0; the mask is DropoutMask's.
        // 10000 fair coin flips: standard deviation of the kept fraction 0.005, so 0.5 +- 0.03 is 6 sigma.
        int size = 10000;
        long seed = 20120101L;
        Shape s = new Shape(1, 1, 100, 100);
        float[] xs = Fixtures.uniform(new java.util.SplittableRandom(3), size, 1);
        Tensor x = tensor(be, s, xs), mask = be.allocate(s), y = be.allocate(s);
        be.dropoutForward(0.5f, seed, x, mask, y);
        float[] m = read(be, mask), ys = read(be, y);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            assertTrue(m[i] == 0f || m[i] == 2f, "mask[" + i + "] = " + m[i]);
            assertEquals(DropoutMask.multiplier(seed, i, 0.5f), m[i], 0f, "mask[" + i + "]");
            assertEquals(xs[i] * m[i], ys[i], 0f, "y[" + i + "]");
            if (m[i] != 0f) kept++;
        }
        double fraction = kept / (double) size;
        assertTrue(Math.abs(fraction - 0.5) <= 0.03, "kept fraction " + fraction);

        // Another seed gives another mask.
        Tensor other = be.allocate(s);
        be.dropoutForward(0.5f, seed + 1, x, other, y);
        assertTrue(Close.maxAbsDiff(m, read(be, other)) == 2f, "seeds " + seed + " and " + (seed + 1) + " agree");

        // Backward: dx = dy * mask exactly, also in place (dx = dy).
        float[] dys = Fixtures.uniform(new java.util.SplittableRandom(4), size, 1);
        Tensor dy = tensor(be, s, dys);
        be.dropoutBackward(mask, dy, dy);
        float[] expected = new float[size];
        for (int i = 0; i < size; i++) expected[i] = dys[i] * m[i];
        assertClose("dropout dx in place", expected, read(be, dy), 0, 0);
    }

    // ---- ReLU ---------------------------------------------------------------------------------

    @Test
    void reluInPlaceAndItsGradientAtZero() {
        // y = max(x, 0) in place; the gradient passes where y > 0 only, so x = 0 gets none.
        Shape s = Shape.vector(5);
        Tensor x = tensor(be, s, -2, -0f, 0, 0.5f, 3);
        be.reluForward(x, x);
        assertClose("relu y", new float[] {0, 0, 0, 0.5f, 3}, read(be, x), 0, 0);
        Tensor dy = tensor(be, s, 1, 2, 3, 4, 5);
        be.reluBackward(x, dy, dy);
        assertClose("relu dx", new float[] {0, 0, 0, 4, 5}, read(be, dy), 0, 0);
    }
}
