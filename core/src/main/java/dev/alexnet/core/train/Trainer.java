// The training loop: seeded shuffling, mini-batch SGD with momentum and weight decay, per-epoch metrics, checkpoints and exact resume.
package dev.alexnet.core.train;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.DropoutMask;
import dev.alexnet.core.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

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
    private int checkpointEvery;
    private int earlyStopPatience;
    private BooleanSupplier stop = () -> false;

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

    /**
     * The split of a training file of {@code count} images for {@code cfg}, or an IllegalArgumentException naming the
     * flag when the settings leave no training step (callers check this before creating a run folder).
     */
    public static Split checkFits(TrainConfig cfg, int count) {
        Split split = split(count, cfg.valSize(), cfg.trainLimit());
        if (split.train().length / cfg.batchSize() == 0) {
            throw new IllegalArgumentException("--batch-size " + cfg.batchSize() + " is larger than the "
                    + split.train().length + " training images (see --train-limit and --val-size)");
        }
        return split;
    }

    /**
     * Also checkpoint every {@code steps} global steps (0: only at the end of each epoch, which always happens).
     * Checkpoints go to {@link TrainListener#onCheckpoint}.
     */
    public Trainer checkpointEvery(int steps) {
        if (steps < 0) throw new IllegalArgumentException("--checkpoint-every must be >= 0, got " + steps);
        this.checkpointEvery = steps;
        return this;
    }

    /**
     * Early stopping: end training (and go on to the test evaluation) once the validation accuracy has not
     * improved for {@code patience} epochs; 0 turns it off.
     */
    public Trainer earlyStopping(int patience) {
        if (patience < 0) throw new IllegalArgumentException("--early-stop must be >= 0, got " + patience);
        this.earlyStopPatience = patience;
        return this;
    }

    /** Index of the epoch row with the best validation accuracy (the first of equals), or -1 for no rows. */
    public static int bestEpoch(List<EpochMetrics> rows) {
        int best = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (best < 0 || rows.get(i).valAccuracy() > rows.get(best).valAccuracy()) best = i;
        }
        return best;
    }

    /** True when the last {@code patience} epochs brought no better validation accuracy than the best before them. */
    static boolean plateaued(List<EpochMetrics> rows, int patience) {
        return patience > 0 && !rows.isEmpty() && rows.size() - 1 - bestEpoch(rows) >= patience;
    }

    /**
     * Polled after every step: when it says true, the trainer checkpoints and throws
     * {@link TrainingStoppedException} (the step in progress always completes).
     */
    public Trainer stopWhen(BooleanSupplier stop) {
        this.stop = stop;
        return this;
    }

    public Result run(Dataset trainFile, Dataset testFile) {
        return run(trainFile, testFile, null);
    }

    /**
     * Trains from the beginning ({@code resume == null}) or from a checkpointed state, whose weights and momentum
     * buffers the model must already hold. The same seed, backend and thread count give the same result either way.
     */
    public Result run(Dataset trainFile, Dataset testFile, TrainState resume) {
        Split split = checkFits(cfg, trainFile.count());
        int b = cfg.batchSize();
        int steps = split.train().length / b;
        Backend be = model.backend();
        int classes = model.config().classes();
        if (resume != null) {
            if (resume.confusion().length != classes * classes || resume.step() >= steps || resume.epoch() > cfg.epochs()
                    || resume.globalStep() != (long) resume.epoch() * steps + resume.step()) {
                throw new IllegalArgumentException("the checkpoint (" + resume + ") does not fit this run: "
                        + cfg.epochs() + " epochs of " + steps + " steps, " + classes + " classes");
            }
        }
        float[] in = new float[b * pipeline.imageSize()];
        int[] labels = new int[b];
        float[] probsHost = new float[b * classes];
        try (Tensor probs = be.allocate(dev.alexnet.core.shape.Shape.matrix(b, classes));
             Tensor dLogits = be.allocate(dev.alexnet.core.shape.Shape.matrix(b, classes))) {
            List<EpochMetrics> rows = new ArrayList<>(resume == null ? List.of() : resume.rows());
            // The plateau rule depends on past validation errors: a resumed run replays them from its rows.
            LrSchedule.State lrs = cfg.lrSchedule().start();
            for (EpochMetrics past : rows) lrs.next(past.epoch() - 1, validationError(past, split));
            long runStart = System.nanoTime() - (resume == null ? 0 : nanos(resume.elapsedSeconds()));
            double trainSeconds = resume == null ? 0 : resume.trainSeconds();
            long imagesTrained = resume == null ? 0 : resume.imagesTrained();
            long globalStep = resume == null ? 0 : resume.globalStep();
            int firstEpoch = resume == null ? 0 : resume.epoch();
            // Each epoch shuffles the previous epoch's order; a resumed run replays the shuffles of the epochs before.
            int[] order = split.train().clone();
            for (int e = 0; e < firstEpoch; e++) shuffle(order, epochRng(e));
            // A resumed run that had already stopped early goes straight to the test evaluation.
            for (int epoch = firstEpoch; epoch < cfg.epochs() && !plateaued(rows, earlyStopPatience); epoch++) {
                boolean resumed = resume != null && epoch == firstEpoch;
                long epochStart = System.nanoTime() - (resumed ? nanos(resume.epochSeconds()) : 0);
                float lr = (float) lrs.lr();
                shuffle(order, epochRng(epoch));
                ConfusionMatrix cm = resumed ? resume.confusionMatrix() : new ConfusionMatrix(classes);
                double lossSum = resumed ? resume.lossSum() : 0;
                for (int step = resumed ? resume.step() : 0; step < steps; step++) {
                    pipeline.fill(trainFile, order, step * b, b, b, in, labels, cfg.augmentation(), cfg.seed(), epoch);
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
                    boolean stopNow = stop.getAsBoolean();
                    if (step + 1 < steps && (stopNow || checkpointEvery > 0 && globalStep % checkpointEvery == 0)) {
                        TrainState st = new TrainState(epoch, step + 1, globalStep, lossSum, TrainState.counts(cm),
                                (System.nanoTime() - epochStart) / 1e9, trainSeconds, imagesTrained,
                                (System.nanoTime() - runStart) / 1e9, rows);
                        listener.onCheckpoint(st);
                        if (stopNow) throw new TrainingStoppedException(st);
                    }
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
                EpochMetrics m = EpochMetrics.of(epoch + 1, lr, lossSum / steps, cm, val.loss(), val.confusion(),
                        (System.nanoTime() - epochStart) / 1e9, steps * (double) b / epochTrainSeconds);
                rows.add(m);
                lrs.next(epoch, validationError(m, split));
                listener.onEpoch(m);
                TrainState st = new TrainState(epoch + 1, 0, globalStep, 0, new long[classes * classes], 0,
                        trainSeconds, imagesTrained, (System.nanoTime() - runStart) / 1e9, rows);
                listener.onCheckpoint(st);
                if (epoch + 1 < cfg.epochs() && !plateaued(rows, earlyStopPatience) && stop.getAsBoolean()) {
                    throw new TrainingStoppedException(st);
                }
            }
            int testCount = cfg.testLimit() > 0 ? Math.min(cfg.testLimit(), testFile.count()) : testFile.count();
            listener.onEvaluate("test", testCount);
            int[] testOrder = new int[testCount];
            for (int i = 0; i < testCount; i++) testOrder[i] = i;
            Evaluation test = Evaluation.of(model, pipeline, testFile, testOrder, testCount);
            return new Result(rows, test, split.train().length, split.validation().length,
                    trainSeconds > 0 ? imagesTrained / trainSeconds : Double.NaN, (System.nanoTime() - runStart) / 1e9);
        }
    }

    /** The plateau rule's input: 1 - validation accuracy, or NaN when nothing is held out. */
    private static double validationError(EpochMetrics m, Split split) {
        return split.validation().length > 0 ? 1 - m.valAccuracy() : Double.NaN;
    }

    private SplittableRandom epochRng(int epoch) {
        return new SplittableRandom(DropoutMask.mix(cfg.seed(), 1_000_003L * epoch));
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
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
