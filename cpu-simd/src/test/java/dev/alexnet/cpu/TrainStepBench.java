// Rough timing by hand (not a test) of one fashion training step and of each layer pass on the cpu backend.
package dev.alexnet.cpu;

import dev.alexnet.core.layers.Layer;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** java ... dev.alexnet.cpu.TrainStepBench [batch] [threads] [steps]: median img/s, then a per-layer profile. */
public final class TrainStepBench {
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (Backend be = new SimdBackend(new BackendOptions(threads));
             AlexNet net = new AlexNet(AlexNetConfig.fashion(), be, batch)) {
            System.out.println(be.describe());
            net.initialize(Init.values()[0], 1);
            Random rnd = new Random(1);
            float[] in = new float[batch * 28 * 28];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat();
            be.copyIn(in, net.input());
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = rnd.nextInt(10);
            Tensor logits0 = net.forward(true);
            Tensor probs = be.allocate(logits0.shape());
            Tensor dLogits = be.allocate(logits0.shape());
            double[] ms = new double[steps];
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                net.zeroGrad();
                net.setDropoutSeed(s);
                Tensor logits = net.forward(true);
                float loss = be.softmaxCrossEntropy(logits, labels, probs, dLogits);
                net.backward(dLogits);
                net.sgdStep(0.01f, 0.9f, 5e-4f);
                ms[s] = (System.nanoTime() - t0) / 1e6;
                System.out.printf("step %d: %.1f ms, loss %.4f%n", s, ms[s], loss);
            }
            Arrays.sort(ms);
            double med = ms[steps / 2];
            System.out.printf("median step %.1f ms = %.1f img/s (%.1f GFLOP/s at 3 x 273 MFLOP per image)%n",
                    med, batch * 1000 / med, 3 * 0.273 * batch / (med / 1000));
            // Per-layer profile: forward and backward of each layer, median of 5.
            List<Layer> layers = net.layers();
            Tensor[] inputs = new Tensor[layers.size()];
            Tensor x = net.input();
            for (int i = 0; i < layers.size(); i++) {
                inputs[i] = x;
                x = layers.get(i).forward(x, true);
            }
            Tensor d = dLogits;
            double[][] fb = new double[layers.size()][2];
            for (int i = layers.size() - 1; i >= 0; i--) {
                Layer l = layers.get(i);
                double[] f = new double[5], b = new double[5];
                Tensor out = null;
                for (int r = 0; r < 5; r++) {
                    long t0 = System.nanoTime();
                    l.forward(inputs[i], true);
                    long t1 = System.nanoTime();
                    out = l.backward(d, i > 0);
                    long t2 = System.nanoTime();
                    f[r] = (t1 - t0) / 1e6;
                    b[r] = (t2 - t1) / 1e6;
                }
                Arrays.sort(f);
                Arrays.sort(b);
                fb[i][0] = f[2];
                fb[i][1] = b[2];
                d = out;
            }
            for (int i = 0; i < layers.size(); i++) {
                System.out.printf("%-8s fwd %7.2f ms  bwd %7.2f ms%n", layers.get(i).name(), fb[i][0], fb[i][1]);
            }
        }
    }
}
