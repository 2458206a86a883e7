// Learning rate per epoch: constant, step decay, cosine annealing, or the paper's divide-by-10-on-plateau, with optional linear warm-up.
package dev.alexnet.core.train;

import java.util.Locale;

/**
 * The learning rate of each epoch (0-based).
 * <ul>
 *   <li>{@code constant}: the base rate throughout.</li>
 *   <li>{@code step}: divided by 10 every {@code max(1, epochs / 3)} epochs (the paper divided by 10 three
 *       times in its ~90 epochs).</li>
 *   <li>{@code cosine}: base * (1 + cos(pi * e / epochs)) / 2, from the base rate towards 0.</li>
 *   <li>{@code plateau}: the paper's rule, "divide the learning rate by 10 when the validation error rate stopped
 *       improving": the rate is multiplied by {@code factor} once {@code patience} epochs in a row have not
 *       lowered the best validation error. It depends on the validation history, so it is only available through
 *       {@link #start()} and {@link State#next}; {@link #lr(int)} gives its rate before any reduction.</li>
 * </ul>
 * With {@code warmupEpochs = W > 0} epoch {@code e < W} runs at {@code base * (e + 1) / (W + 1)} (a linear ramp
 * that reaches the base rate at epoch W), and the schedule above then runs over epochs {@code W .. epochs-1} as if
 * they were epochs {@code 0 .. epochs-W-1} of an {@code epochs - W} epoch run.
 *
 * @param kind         constant, step, cosine or plateau
 * @param base         the base learning rate
 * @param epochs       the run's length
 * @param warmupEpochs epochs of linear warm-up (0 = none), fewer than {@code epochs}
 * @param patience     plateau: epochs without improvement before a reduction (the usual 1 or 2)
 * @param factor       plateau: the multiplier of a reduction, in (0, 1) (the paper: 0.1)
 */
public record LrSchedule(String kind, double base, int epochs, int warmupEpochs, int patience, double factor) {
    public static final String KINDS = "cosine, step, constant, plateau";
    public static final int DEFAULT_PATIENCE = 2;
    public static final double DEFAULT_FACTOR = 0.1;

    public LrSchedule {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("constant") && !kind.equals("step") && !kind.equals("cosine") && !kind.equals("plateau")) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + kind + "'; known: " + KINDS);
        }
        if (!(base > 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + base);
        }
        if (warmupEpochs < 0 || (warmupEpochs > 0 && warmupEpochs >= epochs)) {
            throw new IllegalArgumentException("--warmup-epochs must be in [0, epochs) = [0, " + epochs + "), got " + warmupEpochs);
        }
        if (patience < 1) throw new IllegalArgumentException("plateau patience must be at least 1 epoch, got " + patience);
        if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("plateau factor must be in (0, 1), got " + factor);
    }

    /** No warm-up, plateau patience {@value #DEFAULT_PATIENCE}, factor {@value #DEFAULT_FACTOR}. */
    public LrSchedule(String kind, double base, int epochs) {
        this(kind, base, epochs, 0, DEFAULT_PATIENCE, DEFAULT_FACTOR);
    }

    /** With {@code warmupEpochs} of warm-up; plateau patience {@value #DEFAULT_PATIENCE}, factor {@value #DEFAULT_FACTOR}. */
    public LrSchedule(String kind, double base, int epochs, int warmupEpochs) {
        this(kind, base, epochs, warmupEpochs, DEFAULT_PATIENCE, DEFAULT_FACTOR);
    }

    /** The rate of {@code epoch}; for {@code plateau}, the rate before any reduction (see {@link #start()}). */
    public double lr(int epoch) {
        if (epoch < warmupEpochs) return base * (epoch + 1) / (warmupEpochs + 1);
        int e = epoch - warmupEpochs, n = epochs - warmupEpochs;
        return switch (kind) {
            case "step" -> base * Math.pow(0.1, e / Math.max(1, n / 3));
            case "cosine" -> base * (1 + Math.cos(Math.PI * e / n)) / 2;
            default -> base;
        };
    }

    /** A fresh state at epoch 0, for use through the run: {@code state.lr()} then {@code state.next(epoch, valError)}. */
    public State start() {
        return new State(this);
    }

    /**
     * The schedule's progress through one run. Every kind works through it; only {@code plateau} uses the
     * validation errors. Its evolution is a pure function of the errors fed to it, so a resumed run rebuilds it
     * exactly by feeding the finished epochs' errors again (e.g. {@code 1 - val_accuracy} from metrics.csv).
     */
    public static final class State {
        private final LrSchedule schedule;
        private int epoch;             // the epoch about to run
        private double scale = 1;      // product of the plateau reductions so far
        private double best = Double.POSITIVE_INFINITY;
        private int badEpochs, reductions;

        private State(LrSchedule schedule) {
            this.schedule = schedule;
        }

        /** The rate of the epoch about to run. */
        public double lr() {
            return schedule.lr(epoch) * scale;
        }

        /** The epoch about to run (0-based). */
        public int epoch() { return epoch; }

        /** How many times the plateau rule has reduced the rate. */
        public int reductions() { return reductions; }

        /** The lowest validation error seen so far (+infinity before the first). */
        public double best() { return best; }

        /**
         * Records the validation error (lower is better: 1 - accuracy, or the loss) of the epoch that just finished
         * and returns the rate of the next one. {@code finishedEpoch} must be the epoch about to run ({@link #epoch()}),
         * so epochs cannot be skipped or fed twice. A NaN error (no validation images) changes nothing. During
         * warm-up the best error is tracked but no reduction is counted.
         */
        public double next(int finishedEpoch, double valError) {
            if (finishedEpoch != epoch) {
                throw new IllegalArgumentException("learning-rate schedule is at epoch " + epoch + ", got epoch " + finishedEpoch);
            }
            if (schedule.kind.equals("plateau") && !Double.isNaN(valError)) {
                if (valError < best) {
                    best = valError;
                    badEpochs = 0;
                } else if (epoch >= schedule.warmupEpochs && ++badEpochs >= schedule.patience) {
                    scale *= schedule.factor;
                    reductions++;
                    badEpochs = 0;
                }
            }
            epoch++;
            return lr();
        }
    }
}
