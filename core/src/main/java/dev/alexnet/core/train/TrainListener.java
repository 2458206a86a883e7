// Callbacks from the training loop, for progress bars and logs.
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
}
