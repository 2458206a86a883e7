// Model-level checks on the reference backend: shapes, a short loss trajectory, determinism, weight-file round trip.
package dev.alexnet.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.io.SafetensorsException;
import dev.alexnet.core.layers.Layer;
import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlexNetTest {
    static final int BATCH = 4;

    /** Runs ten SGD steps on one fixed batch and returns the loss of each. */
    static float[] trajectory(AlexNetConfig cfg, Backend be, long seed) {
        try (AlexNet net = new AlexNet(cfg, be, BATCH);
             Tensor probs = be.allocate(Shape.matrix(BATCH, 10)); Tensor dLogits = be.allocate(Shape.matrix(BATCH, 10))) {
            net.initialize(Init.HE, seed);
            SplittableRandom rng = new SplittableRandom(3);
            float[] in = new float[net.input().size()];
            for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
            int[] labels = {1, 7, 3, 1};
            float[] losses = new float[10];
            for (int step = 0; step < losses.length; step++) {
                be.copyIn(in, net.input());
                net.setDropoutSeed(step);
                losses[step] = be.softmaxCrossEntropy(net.forward(true), labels, probs, dLogits);
                net.zeroGrad();
                net.backward(dLogits);
                net.sgdStep(0.02f, 0.9f, 5e-4f);
            }
            return losses;
        }
    }

    @Test
    void layersProduceThePredictedShapes() {
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, BATCH)) {
            net.initialize(Init.HE, 1);
            Tensor x = net.input();
            for (Layer l : net.layers()) {
                assertEquals(l.inputShape().size(), x.size(), l.name() + " input");
                x = l.forward(x, true);
                assertEquals(l.outputShape(), x.shape(), l.name() + " output");
            }
            assertEquals(Shape.matrix(BATCH, 10), x.shape());
        }
    }

    @Test
    void lossFallsOnAFixedBatchAndRepeatsExactly() {
        float[] a, b, smooth;
        try (Backend be = new ReferenceBackend()) {
            a = trajectory(TinyNets.tiny(), be, 11);
            b = trajectory(TinyNets.tiny(), be, 11);
            smooth = trajectory(TinyNets.tiny(0f), be, 11);
        }
        assertArrayEquals(a, b, "same seed, same backend: the same losses bit for bit (dropout masks included)");
        // The output layer starts small, so the first loss is near ln 10 = 2.303.
        assertEquals(Math.log(10), a[0], 0.2, "first loss");
        // Without dropout, ten steps on four images must more than halve the loss, step after step.
        assertTrue(smooth[9] < 0.5 * smooth[0], "loss should fall by half in 10 steps: " + java.util.Arrays.toString(smooth));
        for (int i = 1; i < smooth.length; i++) {
            assertTrue(smooth[i] < smooth[i - 1], "loss rose at step " + i + ": " + java.util.Arrays.toString(smooth));
        }
        // Stored trajectory (llm.c style): any change to an op's arithmetic or to initialisation shows here.
        float[] expected = {2.3301f, 2.0651f, 1.6702f, 1.3292f, 1.1545f, 1.0416f, 0.9084f, 0.8609f, 0.8410f, 0.7051f};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], smooth[i], 1e-2, "loss at step " + i);
    }

    @Test
    void paperInitSetsTheBiasConstants() {
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 1)) {
            net.initialize(Init.PAPER, 5);
            Map<String, float[]> w = net.weights();
            assertEquals(0f, w.get("conv1.bias")[0]);
            assertEquals(1f, w.get("conv2.bias")[3]);
            assertEquals(1f, w.get("fc1.bias")[15]);
            assertEquals(0f, w.get("fc2.bias")[9]);
            float[] conv2 = w.get("conv2.weight");
            double sq = 0;
            for (float v : conv2) sq += v * v;
            double std = Math.sqrt(sq / conv2.length);
            assertTrue(std > 0.007 && std < 0.013, "std of N(0, 0.01) weights, got " + std); // 288 samples
        }
    }

    @Test
    void weightsRoundTripThroughSafetensorsBitForBit(@TempDir Path dir) {
        AlexNetConfig cfg = AlexNetConfig.fashion();
        try (Backend be = new ReferenceBackend(); AlexNet a = new AlexNet(cfg, be, 1); AlexNet b = new AlexNet(cfg, be, 1)) {
            a.initialize(Init.HE, 21);
            Path f = dir.resolve("model.safetensors");
            ModelFile.save(a, f, Map.of("note", "test"));
            ModelFile.Loaded loaded = ModelFile.load(f);
            assertEquals("fashion", loaded.config().preset());
            assertEquals("test", loaded.metadata().get("note"));
            b.loadWeights(loaded.weights());
            Map<String, float[]> wa = a.weights(), wb = b.weights();
            assertEquals(wa.keySet(), wb.keySet());
            for (String k : wa.keySet()) assertArrayEquals(wa.get(k), wb.get(k), k);
        }
    }

    @Test
    void weightsWithNaNAreNeitherWrittenNorLoaded(@TempDir Path dir) throws Exception {
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(AlexNetConfig.fashion(), be, 1)) {
            net.initialize(Init.HE, 1);
            Path good = dir.resolve("good.safetensors");
            ModelFile.save(net, good, Map.of());
            // Flip the last value in the file (fc3.bias) to NaN, as damage or a diverged run would.
            byte[] bytes = java.nio.file.Files.readAllBytes(good);
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(bytes.length - 4, Float.NaN);
            Path bad = java.nio.file.Files.write(dir.resolve("bad.safetensors"), bytes);
            var e = assertThrows(SafetensorsException.class, () -> ModelFile.load(bad));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
            Map<String, float[]> w = net.weights();
            w.get("conv1.weight")[0] = Float.POSITIVE_INFINITY;
            net.loadWeights(w);
            Path never = dir.resolve("never.safetensors");
            assertThrows(dev.alexnet.core.train.TrainingDivergedException.class, () -> ModelFile.save(net, never, Map.of()));
            assertTrue(!java.nio.file.Files.exists(never));
        }
    }

    @Test
    void aModelFileOfAnotherShapeIsRejectedWithItsName(@TempDir Path dir) {
        try (Backend be = new ReferenceBackend(); AlexNet tiny = new AlexNet(TinyNets.tiny(), be, 1)) {
            tiny.initialize(Init.HE, 1);
            Path f = dir.resolve("tiny.safetensors");
            ModelFile.save(tiny, f, Map.of("preset", "fashion")); // claims fashion, holds tiny tensors
            var e = assertThrows(SafetensorsException.class, () -> ModelFile.load(f));
            assertTrue(e.getMessage().contains("tiny.safetensors") && e.getMessage().contains("conv1.weight"), e.getMessage());
        }
    }
}
