// Where a training run stands between two steps: everything besides the weights that an exact resume needs.
package dev.alexnet.core.train;

import java.util.Arrays;
import java.util.List;

/**
 * The progress of a run at a step boundary. Shuffling and dropout are pure functions of (seed, epoch) and
 * (seed, global step), so together with the weights and momentum buffers this is all a resumed run needs to
 * continue exactly as the uninterrupted one would have.
 *
 * @param epoch          the epoch in progress, 0-based ({@code epochs} when training is over)
 * @param step           steps of that epoch already done (0 at an epoch boundary)
 * @param globalStep     steps done since the start of the run
 * @param lossSum        sum of the per-step training losses of the epoch in progress
 * @param confusion      the epoch in progress' training confusion counts, row-major (actual, predicted)
 * @param epochSeconds   seconds already spent on the epoch in progress
 * @param trainSeconds   seconds spent in training steps over the whole run (for the mean throughput)
 * @param imagesTrained  images trained on over the completed epochs
 * @param elapsedSeconds wall-clock seconds of the run so far
 * @param rows           metrics of the completed epochs
 */
public record TrainState(int epoch, int step, long globalStep, double lossSum, long[] confusion,
                         double epochSeconds, double trainSeconds, long imagesTrained, double elapsedSeconds,
                         List<EpochMetrics> rows) {
    public TrainState {
        if (epoch < 0 || step < 0 || globalStep < 0 || imagesTrained < 0) {
            throw new IllegalArgumentException("negative progress: epoch " + epoch + ", step " + step
                    + ", global step " + globalStep + ", images " + imagesTrained);
        }
        int classes = (int) Math.round(Math.sqrt(confusion.length));
        if (classes * classes != confusion.length) {
            throw new IllegalArgumentException("confusion counts: " + confusion.length + " is not a square");
        }
        for (long c : confusion) {
            if (c < 0) throw new IllegalArgumentException("negative confusion count " + c);
        }
        if (rows.size() != epoch) {
            throw new IllegalArgumentException(rows.size() + " metrics rows for " + epoch + " completed epochs");
        }
        confusion = confusion.clone();
        rows = List.copyOf(rows);
    }

    @Override
    public long[] confusion() {
        return confusion.clone();
    }

    /** The epoch in progress' training confusion matrix. */
    ConfusionMatrix confusionMatrix() {
        int classes = (int) Math.round(Math.sqrt(confusion.length));
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                for (long n = confusion[a * classes + p]; n > 0; n--) cm.add(a, p);
            }
        }
        return cm;
    }

    static long[] counts(ConfusionMatrix cm) {
        int k = cm.classes();
        long[] out = new long[k * k];
        for (int a = 0; a < k; a++) for (int p = 0; p < k; p++) out[a * k + p] = cm.count(a, p);
        return out;
    }

    /** "after epoch 2" at an epoch boundary, else "in epoch 3 after step 17", 1-based as the progress lines are. */
    public String where() {
        return step == 0 ? "after epoch " + epoch : "in epoch " + (epoch + 1) + " after step " + step;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainState s && epoch == s.epoch && step == s.step && globalStep == s.globalStep
                && Double.compare(lossSum, s.lossSum) == 0 && Arrays.equals(confusion, s.confusion)
                && Double.compare(epochSeconds, s.epochSeconds) == 0 && Double.compare(trainSeconds, s.trainSeconds) == 0
                && imagesTrained == s.imagesTrained && Double.compare(elapsedSeconds, s.elapsedSeconds) == 0
                && rows.equals(s.rows);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(epoch, step, globalStep, lossSum, Arrays.hashCode(confusion), rows);
    }

    @Override
    public String toString() {
        return "TrainState[epoch " + epoch + ", step " + step + ", global step " + globalStep + "]";
    }
}
