// The settings of one training run, validated in one place.
package dev.alexnet.core.train;

import dev.alexnet.core.model.Init;

/**
 * Training settings.
 *
 * @param epochs      passes over the training images
 * @param batchSize   images per SGD step (the last partial batch of an epoch is dropped)
 * @param lr          base learning rate, shaped per epoch by {@code schedule}
 * @param momentum    SGD momentum (the paper: 0.9)
 * @param weightDecay L2 weight decay (the paper: 5e-4)
 * @param seed        seeds initialisation, shuffling and dropout
 * @param valSize     images of the 60,000 held out for validation
 * @param trainLimit  use at most this many training images (0 = all that are not held out)
 * @param testLimit   evaluate on at most this many test images (0 = all 10,000)
 * @param warmupEpochs epochs of linear learning-rate warm-up before the schedule (0 = none)
 * @param augmentation random crops, flips and intensity jitter of the training images ({@link Augmentation#NONE}: off)
 */
public record TrainConfig(int epochs, int batchSize, double lr, String schedule, double momentum, double weightDecay,
                          long seed, Init init, int valSize, int trainLimit, int testLimit, int warmupEpochs,
                          Augmentation augmentation) {
    /** Settings without warm-up or augmentation. */
    public TrainConfig(int epochs, int batchSize, double lr, String schedule, double momentum, double weightDecay,
                       long seed, Init init, int valSize, int trainLimit, int testLimit) {
        this(epochs, batchSize, lr, schedule, momentum, weightDecay, seed, init, valSize, trainLimit, testLimit, 0,
                Augmentation.NONE);
    }

    public TrainConfig {
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 1 && batchSize <= 65536, "--batch-size must be between 1 and 65536, got " + batchSize);
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0 && weightDecay < 1, "--weight-decay must be in [0, 1), got " + weightDecay);
        require(valSize >= 0, "--val-size must be >= 0, got " + valSize);
        require(trainLimit >= 0, "--train-limit must be >= 0, got " + trainLimit);
        require(testLimit >= 0, "--test-limit must be >= 0, got " + testLimit);
        require(warmupEpochs >= 0 && warmupEpochs < epochs, "--warmup-epochs must be >= 0 and less than --epochs, got " + warmupEpochs);
        java.util.Objects.requireNonNull(augmentation, "augmentation");
        new LrSchedule(schedule, lr, epochs, warmupEpochs); // validates the rate and the schedule's name
    }

    public LrSchedule lrSchedule() {
        return new LrSchedule(schedule, lr, epochs, warmupEpochs);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
