// `alexnet bench`: times training and inference steps on synthetic data of a preset's shape; prints one JSON object.
package dev.alexnet.cli;

import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Architecture;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times training and inference steps on random data of a preset's shape; prints one JSON object.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "fashion", description = "fashion or paper (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        if (batchSize < 1 || batchSize > 65536) {
            throw new IllegalArgumentException("--batch-size must be between 1 and 65536, got " + batchSize);
        }
        AlexNetConfig cfg = AlexNetConfig.preset(preset);
        try (Backend be = common.createBackend(); AlexNet net = new AlexNet(cfg, be, batchSize);
             Tensor probs = be.allocate(Shape.matrix(batchSize, cfg.classes()));
             Tensor dLogits = be.allocate(Shape.matrix(batchSize, cfg.classes()))) {
            net.initialize(Init.HE, 1);
            SplittableRandom rng = new SplittableRandom(7);
            float[] in = new float[net.input().size()];
            for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
            int[] labels = new int[batchSize];
            for (int i = 0; i < batchSize; i++) labels[i] = rng.nextInt(cfg.classes());
            float[] probsHost = new float[batchSize * cfg.classes()];

            for (int i = 0; i < warmup; i++) trainStep(be, net, in, labels, probs, dLogits, probsHost, i);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) trainStep(be, net, in, labels, probs, dLogits, probsHost, warmup + i);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;

            float[] logits = new float[batchSize * cfg.classes()];
            for (int i = 0; i < warmup; i++) inferStep(be, net, in, logits);
            long t1 = System.nanoTime();
            for (int i = 0; i < steps; i++) inferStep(be, net, in, logits);
            double inferSeconds = (System.nanoTime() - t1) / 1e9;

            double trainIps = steps * (double) batchSize / trainSeconds;
            double flops = Architecture.totalFlops(cfg);
            Json j = new Json()
                    .put("preset", cfg.preset())
                    .put("backend", be.name())
                    .put("backend_description", be.describe())
                    .put("batch_size", batchSize)
                    .put("threads", common.threads == 0 ? Runtime.getRuntime().availableProcessors() : common.threads)
                    .put("steps", steps)
                    .put("images_per_second", trainIps)
                    .put("step_ms", trainSeconds * 1000 / steps)
                    .put("inference_images_per_second", steps * (double) batchSize / inferSeconds)
                    .put("gflops", 3 * flops * trainIps / 1e9)
                    .put("inference_gflops", flops * steps * batchSize / inferSeconds / 1e9)
                    .put("peak_rss_mb", peakRssMb());
            System.out.print(j.toPrettyString());
        }
        return Exit.OK;
    }

    private static void trainStep(Backend be, AlexNet net, float[] in, int[] labels, Tensor probs, Tensor dLogits,
                                  float[] probsHost, long step) {
        be.copyIn(in, net.input());
        net.setDropoutSeed(step);
        Tensor logits = net.forward(true);
        be.softmaxCrossEntropy(logits, labels, probs, dLogits);
        net.zeroGrad();
        net.backward(dLogits);
        net.sgdStep(0.001f, 0.9f, 5e-4f);
        be.copyOut(probs, probsHost); // as the trainer does, so the metrics' copy is part of the cost
    }

    private static void inferStep(Backend be, AlexNet net, float[] in, float[] logits) {
        be.copyIn(in, net.input());
        be.copyOut(net.forward(false), logits);
    }

    /** VmHWM of /proc/self/status in MB (Linux), or -1 elsewhere. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not Linux: no figure
        }
        return -1;
    }
}
