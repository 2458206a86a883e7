// Callbacks from the training loop, for progress bars, logs and checkpoints.
package dev.alexnet.core.train;

/** Receives progress; every method has an empty default. */
public interface TrainListener {
    /**
     * After each step.
     *
     * @param imagesPerSecond training throughput so far this epoch
     * @param etaSeconds      estimated seconds left in this epoch's training part
     * @param loss            mean training loss so far this epoch
     */
    default void onStep(int epoch, int epochs, int step, int steps, double imagesPerSecond, double etaSeconds, double loss) {}

    /** When evaluation starts (validation after each epoch, the test set at the end). */
    default void onEvaluate(String what, int images) {}

    /** After each epoch, with its metrics row. */
    default void onEpoch(EpochMetrics m) {}

    /**
     * At a step boundary where a checkpoint is due: every {@code --checkpoint-every} steps, after every epoch (after
     * {@link #onEpoch}), and before a requested stop. The model holds the weights and momentum of that moment.
     */
    default void onCheckpoint(TrainState state) {}
}
