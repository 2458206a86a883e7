// Mismatched shapes and bad arguments make the reference backend throw IllegalArgumentException, op family by op family.
package dev.alexnet.core.reference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each case passes one wrong tensor next to otherwise correct ones. */
class ReferenceShapeCheckTest {
    private final ReferenceBackend be = new ReferenceBackend();

    private Tensor t(int n, int c, int h, int w) {
        return be.allocate(new Shape(n, c, h, w));
    }

    private static void rejects(String what, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what + ": exception without a message");
    }

    @Test
    void memory() {
        Tensor a = t(1, 2, 3, 4);
        rejects("copyIn of 23 floats into 24", () -> be.copyIn(new float[23], a));
        rejects("copyOut of 24 floats into 25", () -> be.copyOut(a, new float[25]));
        Tensor foreign = new Tensor() {
            @Override public Shape shape() { return new Shape(1, 2, 3, 4); }
            @Override public void close() {}
        };
        rejects("a tensor of another backend", () -> be.reluForward(foreign, a));
    }

    @Test
    void convolution() {
        // x (2,4,7,6), w (4,2,3,3), b (4), y (2,4,4,3) for stride 2, pad 1, groups 2
        ConvGeom g = new ConvGeom(2, 4, 7, 6, 4, 3, 3, 2, 1, 2);
        Tensor x = be.allocate(g.inputShape()), w = be.allocate(g.filterShape());
        Tensor b = be.allocate(g.biasShape()), y = be.allocate(g.outputShape());
        Tensor ungroupedW = t(4, 4, 3, 3);
        rejects("conv forward with ungrouped filters", () -> be.convForward(g, x, ungroupedW, b, y));
        rejects("conv forward with y of the unpadded size", () -> be.convForward(g, x, w, b, t(2, 4, 3, 2)));
        rejects("conv backward data with dx of another batch", () -> be.convBackwardData(g, y, w, t(1, 4, 7, 6)));
        rejects("conv backward filter with dw transposed", () -> be.convBackwardFilter(g, x, y, t(2, 4, 3, 3)));
        rejects("conv backward bias with 3 biases", () -> be.convBackwardBias(g, y, be.allocate(Shape.vector(3))));
    }

    @Test
    void fullyConnected() {
        // x (3, 6), w (4, 6), b (4), y (3, 4)
        Tensor x = be.allocate(Shape.matrix(3, 6)), w = be.allocate(Shape.matrix(4, 6));
        Tensor b = be.allocate(Shape.vector(4)), y = be.allocate(Shape.matrix(3, 4));
        rejects("fc forward with w (4, 5)", () -> be.fcForward(x, be.allocate(Shape.matrix(4, 5)), b, y));
        rejects("fc forward with y of batch 2", () -> be.fcForward(x, w, b, be.allocate(Shape.matrix(2, 4))));
        rejects("fc backward with db of 5", () -> be.fcBackward(x, w, y, x, be.allocate(Shape.matrix(4, 6)),
                be.allocate(Shape.vector(5))));
        rejects("fc backward with dx of 15 elements", () -> be.fcBackward(x, w, y, be.allocate(Shape.matrix(3, 5)),
                be.allocate(Shape.matrix(4, 6)), b));
    }

    @Test
    void elementwiseOps() {
        Tensor a = t(2, 3, 4, 4), shorter = t(2, 3, 4, 3);
        rejects("relu forward", () -> be.reluForward(a, shorter));
        rejects("relu backward", () -> be.reluBackward(a, a, shorter));
        rejects("dropout forward", () -> be.dropoutForward(0.5f, 1, a, shorter, a));
        rejects("dropout backward", () -> be.dropoutBackward(a, shorter, a));
        rejects("dropout p = 1", () -> be.dropoutForward(1f, 1, a, t(2, 3, 4, 4), a));
        rejects("dropout p < 0", () -> be.dropoutForward(-0.1f, 1, a, t(2, 3, 4, 4), a));
        rejects("sgd", () -> be.sgdUpdate(a, shorter, t(2, 3, 4, 4), 0.01f, 0.9f, 5e-4f));
    }

    @Test
    void lrn() {
        // Same element count but the channels differ: LRN sums across channels, so the shape must match.
        Tensor x = t(1, 6, 2, 2), y = t(1, 6, 2, 2), scale = t(1, 6, 2, 2), swapped = t(1, 3, 4, 2);
        rejects("lrn forward scale", () -> be.lrnForward(LrnParams.PAPER, x, y, swapped));
        rejects("lrn backward dy", () -> be.lrnBackward(LrnParams.PAPER, x, y, scale, swapped, t(1, 6, 2, 2)));
    }

    @Test
    void maxPool() {
        PoolGeom g = new PoolGeom(1, 2, 7, 7, 3, 2);   // y (1, 2, 3, 3)
        Tensor x = be.allocate(g.inputShape()), y = be.allocate(g.outputShape());
        rejects("pool forward with y (1,2,4,4)", () -> be.maxPoolForward(g, x, t(1, 2, 4, 4)));
        rejects("pool backward with dx (1,2,7,6)", () -> be.maxPoolBackward(g, x, y, y, t(1, 2, 7, 6)));
    }

    @Test
    void softmaxCrossEntropy() {
        Tensor z = be.allocate(Shape.matrix(2, 5));
        rejects("3 labels for 2 rows", () -> be.softmaxCrossEntropy(z, new int[] {0, 1, 2}, null, null));
        rejects("label 5 of 5 classes", () -> be.softmaxCrossEntropy(z, new int[] {0, 5}, null, null));
        rejects("negative label", () -> be.softmaxCrossEntropy(z, new int[] {-1, 0}, null, null));
        rejects("probs of 9", () -> be.softmaxCrossEntropy(z, new int[] {0, 1}, be.allocate(Shape.matrix(3, 3)), null));
        rejects("dLogits of 5", () -> be.softmaxCrossEntropy(z, new int[] {0, 1}, null, be.allocate(Shape.matrix(1, 5))));
    }
}
