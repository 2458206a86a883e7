// The real AlexNet layer geometries (fashion and paper presets) on the cpu backend against the reference.
package dev.alexnet.cpu;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Small batches keep the reference's scalar loops fast; the geometry is the full layer's. */
class AlexNetLayersTest {

    @ParameterizedTest(name = "fashion convolutions, width#{0}")
    @ValueSource(ints = {0, 1})
    void fashionConvolutions(int width) {
        SimdVsReferenceTest.checkConv("fashion conv1", new ConvGeom(2, 1, 28, 28, 64, 5, 5, 1, 2, 1), width, 1);
        SimdVsReferenceTest.checkConv("fashion conv2", new ConvGeom(1, 64, 13, 13, 192, 5, 5, 1, 2, 1), width, 2);
        SimdVsReferenceTest.checkConv("fashion conv3", new ConvGeom(2, 192, 6, 6, 384, 3, 3, 1, 1, 1), width, 3);
        SimdVsReferenceTest.checkConv("fashion conv4", new ConvGeom(2, 384, 6, 6, 256, 3, 3, 1, 1, 1), width, 4);
        SimdVsReferenceTest.checkConv("fashion conv5", new ConvGeom(2, 256, 6, 6, 256, 3, 3, 1, 1, 1), width, 5);
    }

    @ParameterizedTest(name = "paper convolutions, width#{0}")
    @ValueSource(ints = {1})
    void paperConvolutions(int width) {
        // conv1: 11x11 stride 4 on 227x227; conv4: groups = 2 on 13x13.
        SimdVsReferenceTest.checkConv("paper conv1", new ConvGeom(1, 3, 227, 227, 96, 11, 11, 4, 0, 1), width, 6);
        SimdVsReferenceTest.checkConv("paper conv4", new ConvGeom(1, 384, 13, 13, 384, 3, 3, 1, 1, 2), width, 7);
    }

    @ParameterizedTest(name = "fashion FC and LRN, width#{0}")
    @ValueSource(ints = {0, 1})
    void fashionClassifierAndLrn(int width) {
        SimdVsReferenceTest.checkFc(3, 1024, 2048, true, true, width, 8);
        SimdVsReferenceTest.checkFc(3, 2048, 10, true, false, width, 9);
        SimdVsReferenceTest.checkLrn(LrnParams.PAPER, new Shape(2, 64, 28, 28), width, 10);
        SimdVsReferenceTest.checkLrn(LrnParams.PAPER, new Shape(2, 192, 13, 13), width, 11);
    }
}
