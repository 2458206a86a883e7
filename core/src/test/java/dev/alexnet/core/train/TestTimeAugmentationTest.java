// Flip test-time averaging: hand-computed probabilities, identity on mirror-symmetric images, never worse than the two single losses' mean.
package dev.alexnet.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.model.TinyNets;
import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.spi.Backend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestTimeAugmentationTest {
    @Test
    void averagesTheTwoSoftmaxes() {
        float ln3 = (float) Math.log(3);
        float[] a = {0, 0, 5, 5}, b = {ln3, 0, 1000, 0};   // row 0: (1/2, 1/2) and (3/4, 1/4); row 1: (1/2, 1/2) and (1, 0)
        double[] out = new double[4];
        TestTimeAugmentation.averageProbabilities(a, b, 2, 2, out);
        assertArrayEquals(new double[]{0.625, 0.375, 0.75, 0.25}, out, 1e-7);
        assertEquals(1, TestTimeAugmentation.argmax(new double[]{0.2, 0.4, 0.4}, 0, 3) + 0, "ties go to the lower class");
    }

    /** 12x12 images for the tiny net; mirror-symmetric rows when {@code symmetric}. */
    static Dataset images(int n, boolean symmetric, boolean mirrored) {
        byte[] px = new byte[n * 144];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    int v = r.nextInt(256);
                    px[i * 144 + y * 12 + x] = (byte) v;
                }
                if (symmetric) for (int x = 0; x < 6; x++) px[i * 144 + y * 12 + 11 - x] = px[i * 144 + y * 12 + x];
            }
        }
        if (mirrored) {
            byte[] m = new byte[px.length];
            for (int i = 0; i < n * 12; i++) for (int x = 0; x < 12; x++) m[i * 12 + x] = px[i * 12 + 11 - x];
            px = m;
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i * 3 % 10);
        return new Dataset(n, 12, 12, px, labels);
    }

    @Test
    void symmetricImagesScoreAsWithoutAveraging() {
        Dataset ds = images(5, true, false);
        int[] order = {0, 1, 2, 3, 4};
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 2)) {
            net.initialize(Init.HE, 3);
            InputPipeline p = new InputPipeline(net.config());
            Evaluation plain = Evaluation.of(net, p, ds, order, 5), tta = TestTimeAugmentation.evaluate(net, p, ds, order, 5);
            assertEquals(plain.loss(), tta.loss(), 1e-5);
            assertArrayEquals(plain.confusion().toIntArray(), tta.confusion().toIntArray());
            assertEquals(5, tta.confusion().total());
        }
    }

    @Test
    void averagedLossIsAtMostTheMeanOfTheImageAndMirrorLosses() {
        Dataset ds = images(7, false, false), mirrored = images(7, false, true);
        int[] order = {0, 1, 2, 3, 4, 5, 6};
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 3)) {
            net.initialize(Init.HE, 4);
            InputPipeline p = new InputPipeline(net.config());
            double a = Evaluation.of(net, p, ds, order, 7).loss(), b = Evaluation.of(net, p, mirrored, order, 7).loss();
            double tta = TestTimeAugmentation.evaluate(net, p, ds, order, 7).loss();
            double ttaMirrored = TestTimeAugmentation.evaluate(net, p, mirrored, order, 7).loss();
            // -log((p + q) / 2) <= (-log p - log q) / 2 per image (convexity), so also for the means.
            assertTrue(tta <= (a + b) / 2 + 1e-9, tta + " vs " + a + ", " + b);
            assertTrue(Math.abs(a - b) > 1e-4, "the images are not symmetric, so the two single losses differ");
            assertEquals(tta, ttaMirrored, 1e-5, "an image and its mirror average to the same thing");
        }
    }
}
