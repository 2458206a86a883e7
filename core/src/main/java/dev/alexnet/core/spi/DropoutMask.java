// The dropout mask as a pure function of (seed, element index), so that every backend drops the same units.
package dev.alexnet.core.spi;

/**
 * Counter-based random bits for dropout. Element {@code i} of a dropout call with seed {@code seed}
 * is kept when {@link #uniform(long, long)} {@code >= p}. Because the mask depends only on
 * (seed, i), backends that run in any order or on any device produce identical masks, and the
 * backends can be compared op by op.
 */
public final class DropoutMask {
    private DropoutMask() {}

    /** SplitMix64's finalizer over seed and counter: a well-mixed 64-bit value. */
    public static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform float in [0, 1) with 24 random bits. */
    public static float uniform(long seed, long index) {
        return (mix(seed, index) >>> 40) * 0x1.0p-24f;
    }

    /** The inverted-dropout multiplier of element i: 0 when dropped, 1 / (1 - p) when kept. */
    public static float multiplier(long seed, long index, float p) {
        return uniform(seed, index) >= p ? 1f / (1f - p) : 0f;
    }
}
