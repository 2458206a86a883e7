// The training loop: seeded shuffling, mini-batch SGD with momentum and weight decay, per-epoch metrics.
package dev.alexnet.core.train;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.DropoutMask;
import dev.alexnet.core.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an {@link AlexNet} on the training images, holding {@code valSize} of them out for
 * validation, and evaluates on the test images at the end. Everything random (shuffling, dropout)
 * derives from the run seed, so a run with the same seed, backend and thread count repeats exactly.
 */
public final class Trainer {
    /** The validation split does not depend on the run seed, so runs with different seeds are comparable. */
    static final long SPLIT_SEED = 0x5EED_5EEDL;

    /** What a run produced: the metrics of every epoch and the final test evaluation. */
    public record Result(List<EpochMetrics> epochs, Evaluation test, int trainImages, int valImages,
                         double imagesPerSecond, double seconds) {}

    /** Images of the training file used for training and for validation. */
    public record Split(int[] train, int[] validation) {}

    private final AlexNet model;
    private final TrainConfig cfg;
    private final TrainListener listener;
    private final InputPipeline pipeline;

    public Trainer(AlexNet model, TrainConfig cfg, TrainListener listener) {
        if (model.batchSize() != cfg.batchSize()) {
            throw new IllegalArgumentException("model built for batch " + model.batchSize() + ", config says " + cfg.batchSize());
        }
        this.model = model;
        this.cfg = cfg;
        this.listener = listener;
        this.pipeline = new InputPipeline(model.config());
    }

    /** The held-out split of {@code count} training-file images: validation first in a fixed permutation. */
    public static Split split(int count, int valSize, int trainLimit) {
        if (valSize >= count) {
            throw new IllegalArgumentException("--val-size " + valSize + " leaves no training images out of " + count);
        }
        int[] perm = permutation(count, new SplittableRandom(SPLIT_SEED));
        int[] val = java.util.Arrays.copyOfRange(perm, 0, valSize);
        int trainCount = count - valSize;
        if (trainLimit > 0) trainCount = Math.min(trainCount, trainLimit);
        int[] train = java.util.Arrays.copyOfRange(perm, valSize, valSize + trainCount);
        return new Split(train, val);
    }

    public Result run(Dataset trainFile, Dataset testFile) {
        Split split = split(trainFile.count(), cfg.valSize(), cfg.trainLimit());
        int b = cfg.batchSize();
        int steps = split.train().length / b;
        if (steps == 0) {
            throw new IllegalArgumentException("--batch-size " + b + " is larger than the " + split.train().length
                    + " training images (see --train-limit)");
        }
        Backend be = model.backend();
        int classes = model.config().classes();
        float[] in = new float[b * pipeline.imageSize()];
        int[] labels = new int[b];
        float[] probsHost = new float[b * classes];
        try (Tensor probs = be.allocate(dev.alexnet.core.shape.Shape.matrix(b, classes));
             Tensor dLogits = be.allocate(dev.alexnet.core.shape.Shape.matrix(b, classes))) {
            List<EpochMetrics> rows = new ArrayList<>();
            LrSchedule schedule = cfg.lrSchedule();
            long runStart = System.nanoTime();
            double trainSeconds = 0;
            long imagesTrained = 0;
            long globalStep = 0;
            int[] order = split.train().clone();
            for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                float lr = (float) schedule.lr(epoch);
                shuffle(order, new SplittableRandom(DropoutMask.mix(cfg.seed(), 1_000_003L * epoch)));
                ConfusionMatrix cm = new ConfusionMatrix(classes);
                double lossSum = 0;
                for (int step = 0; step < steps; step++) {
                    pipeline.fill(trainFile, order, step * b, b, b, in, labels);
                    be.copyIn(in, model.input());
                    model.setDropoutSeed(DropoutMask.mix(cfg.seed(), globalStep++));
                    Tensor logits = model.forward(true);
                    float loss = be.softmaxCrossEntropy(logits, labels, probs, dLogits);
                    if (!Float.isFinite(loss)) {
                        throw new TrainingDivergedException("training loss became " + loss + " at epoch " + (epoch + 1)
                                + ", step " + (step + 1) + " (learning rate " + lr + "); try a smaller --lr");
                    }
                    model.zeroGrad();
                    model.backward(dLogits);
                    model.sgdStep(lr, (float) cfg.momentum(), (float) cfg.weightDecay());
                    be.copyOut(probs, probsHost);
                    for (int i = 0; i < b; i++) cm.add(labels[i], Evaluation.argmax(probsHost, i * classes, classes));
                    lossSum += loss;
                    double elapsed = (System.nanoTime() - epochStart) / 1e9;
                    double ips = (step + 1) * (double) b / elapsed;
                    listener.onStep(epoch + 1, cfg.epochs(), step + 1, steps, ips, (steps - step - 1) * (double) b / ips,
                            lossSum / (step + 1));
                }
                double epochTrainSeconds = (System.nanoTime() - epochStart) / 1e9;
                trainSeconds += epochTrainSeconds;
                imagesTrained += (long) steps * b;
                Evaluation val;
                if (split.validation().length > 0) {
                    listener.onEvaluate("validation", split.validation().length);
                    val = Evaluation.of(model, pipeline, trainFile, split.validation(), split.validation().length);
                } else {
                    val = new Evaluation(Double.NaN, new ConfusionMatrix(classes));
                }
                EpochMetrics m = new EpochMetrics(epoch + 1, lr, lossSum / steps, cm.accuracy(), cm.macroPrecision(),
                        val.loss(), val.accuracy(), val.precision(), (System.nanoTime() - epochStart) / 1e9,
                        steps * (double) b / epochTrainSeconds);
                rows.add(m);
                listener.onEpoch(m);
            }
            int testCount = cfg.testLimit() > 0 ? Math.min(cfg.testLimit(), testFile.count()) : testFile.count();
            listener.onEvaluate("test", testCount);
            int[] testOrder = new int[testCount];
            for (int i = 0; i < testCount; i++) testOrder[i] = i;
            Evaluation test = Evaluation.of(model, pipeline, testFile, testOrder, testCount);
            return new Result(rows, test, split.train().length, split.validation().length, imagesTrained / trainSeconds, (System.nanoTime() - runStart) / 1e9);
        }
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p, rng);
        return p;
    }

    /** Fisher-Yates. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
