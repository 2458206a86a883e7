// Whole-network check on the GPU: the same SGD steps on the reference and gpu backends give the same losses and weights.
package dev.alexnet.gpu;

import static dev.alexnet.core.testing.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.model.TinyNets;
import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fixed batch, seed 1 He initialisation and a few SGD steps (lr 0.01, momentum 0.9, weight decay 5e-4,
 * dropout on) through {@link AlexNet} on both backends. Losses must agree to 1e-4 relative per step, and
 * every weight afterwards to atol 1e-4, rtol 1e-3 (the per-op tolerances, after a few steps of drift).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudnnModelTest {
    private final CudnnBackendProvider provider = new CudnnBackendProvider();

    @BeforeAll
    void requireGpu() {
        if (Boolean.getBoolean("alexnet.gpu.require")) {
            assertTrue(provider.isAvailable(), () -> "gpu backend required but unavailable: " + provider.unavailableReason());
        }
        assumeTrue(provider.isAvailable(), () -> "gpu backend unavailable: " + provider.unavailableReason());
    }

    static Stream<Arguments> nets() {
        return Stream.of(
                Arguments.of(TinyNets.tiny(0.5f), 4, 5),
                Arguments.of(AlexNetConfig.fashion(), 2, 2));
    }

    @ParameterizedTest(name = "{0} batch {1}, {2} steps")
    @MethodSource("nets")
    void sgdStepsAgreeWithTheReference(AlexNetConfig cfg, int batch, int steps) {
        float[][] refLosses = new float[1][], gpuLosses = new float[1][];
        Map<String, float[]> refWeights, gpuWeights;
        try (Backend ref = new ReferenceBackend(); Backend gpu = provider.create(BackendOptions.defaults())) {
            refWeights = train(ref, cfg, batch, steps, refLosses);
            gpuWeights = train(gpu, cfg, batch, steps, gpuLosses);
        }
        for (int i = 0; i < steps; i++) {
            assertClose(cfg.preset() + " loss of step " + i, new float[] {refLosses[0][i]}, new float[] {gpuLosses[0][i]},
                    1e-5, 1e-4);
        }
        assertEquals(refWeights.keySet(), gpuWeights.keySet());
        for (String name : refWeights.keySet()) {
            assertClose(cfg.preset() + " " + name + " after " + steps + " steps", refWeights.get(name), gpuWeights.get(name),
                    1e-4, 1e-3);
        }
    }

    /** Runs {@code steps} training steps on one fixed random batch; returns the weights, losses in losses[0]. */
    private static Map<String, float[]> train(Backend be, AlexNetConfig cfg, int batch, int steps, float[][] losses) {
        try (AlexNet net = new AlexNet(cfg, be, batch);
             Tensor probs = be.allocate(Shape.matrix(batch, cfg.classes()));
             Tensor dLogits = be.allocate(Shape.matrix(batch, cfg.classes()))) {
            net.initialize(Init.HE, 1);
            SplittableRandom rnd = new SplittableRandom(5);
            float[] in = new float[net.input().size()];
            for (int i = 0; i < in.length; i++) in[i] = (float) rnd.nextGaussian();
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = rnd.nextInt(cfg.classes());
            losses[0] = new float[steps];
            for (int step = 0; step < steps; step++) {
                be.copyIn(in, net.input());
                net.setDropoutSeed(100 + step);
                Tensor logits = net.forward(true);
                losses[0][step] = be.softmaxCrossEntropy(logits, labels, probs, dLogits);
                net.zeroGrad();
                net.backward(dLogits);
                net.sgdStep(0.01f, 0.9f, 5e-4f);
            }
            return net.weights();
        }
    }
}
