// Training and inference steps of an AlexNet preset on the project's backend, the same loop as `alexnet bench`.
package dev.alexnet.bench;

import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.Tensor;
import dev.alexnet.cpu.SimdBackend;
import java.util.SplittableRandom;

/** The cpu backend at a batch: input copied in, probabilities copied out each step (as the trainer does). */
public final class OursStep implements Step {
    private final Backend be;
    private final AlexNet net;
    private final Tensor probs, dLogits;
    private final float[] in, probsHost, logitsHost;
    private final int[] labels;
    private long step;

    public OursStep(AlexNetConfig cfg, int batch, int threads) {
        this.be = new SimdBackend(new BackendOptions(threads));
        this.net = new AlexNet(cfg, be, batch);
        net.initialize(Init.HE, 1);
        this.probs = be.allocate(Shape.matrix(batch, cfg.classes()));
        this.dLogits = be.allocate(Shape.matrix(batch, cfg.classes()));
        SplittableRandom rng = new SplittableRandom(7);
        this.in = new float[net.input().size()];
        for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
        this.labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = rng.nextInt(cfg.classes());
        this.probsHost = new float[batch * cfg.classes()];
        this.logitsHost = new float[batch * cfg.classes()];
    }

    @Override
    public void train() {
        be.copyIn(in, net.input());
        net.setDropoutSeed(step++);
        Tensor logits = net.forward(true);
        be.softmaxCrossEntropy(logits, labels, probs, dLogits);
        net.zeroGrad();
        net.backward(dLogits);
        net.sgdStep(0.001f, 0.9f, 5e-4f);
        be.copyOut(probs, probsHost);
    }

    @Override
    public void infer() {
        be.copyIn(in, net.input());
        be.copyOut(net.forward(false), logitsHost);
    }

    @Override
    public String describe() {
        return be.describe();
    }

    @Override
    public void close() {
        probs.close();
        dLogits.close();
        net.close();
        be.close();
    }
}
