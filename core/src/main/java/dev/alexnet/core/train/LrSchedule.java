// Learning rate per epoch: constant, step decay, or cosine annealing.
package dev.alexnet.core.train;

import java.util.Locale;

/**
 * The learning rate of each epoch (0-based).
 * <ul>
 *   <li>{@code constant}: the base rate throughout.</li>
 *   <li>{@code step}: divided by 10 every {@code max(1, epochs / 3)} epochs (the paper divided by 10 three
 *       times in its ~90 epochs).</li>
 *   <li>{@code cosine}: base * (1 + cos(pi * e / epochs)) / 2, from the base rate towards 0.</li>
 * </ul>
 */
public record LrSchedule(String kind, double base, int epochs) {
    public static final String KINDS = "cosine, step, constant";

    public LrSchedule {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("constant") && !kind.equals("step") && !kind.equals("cosine")) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + kind + "'; known: " + KINDS);
        }
        if (!(base > 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + base);
        }
    }

    public double lr(int epoch) {
        return switch (kind) {
            case "step" -> base * Math.pow(0.1, epoch / Math.max(1, epochs / 3));
            case "cosine" -> base * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
            default -> base;
        };
    }
}
