// Training-time data augmentation (random crops, horizontal flips, intensity jitter) drawn as a pure function of the image's place in the run.
package dev.alexnet.core.train;

import dev.alexnet.core.spi.DropoutMask;

/**
 * On-the-fly augmentation in the spirit of the paper (section 4.1), applied by
 * {@link InputPipeline#fill(dev.alexnet.core.data.Dataset, int[], int, int, int, float[], int[], Augmentation, long, long)}.
 * Each part can be turned off on its own.
 * <ul>
 *   <li>{@code crop}: a random translation. When the model's input has the image's size ({@code fashion}) the
 *       28x28 image is padded with {@code pad} black pixels on every side and a 28x28 window is cut back out at a
 *       random offset in {@code [0, 2*pad]} on each axis. When the input is larger ({@code paper}), the image is
 *       upscaled to the input size plus a margin {@code m = round(pad * H / rows)} on each side and an H x W window
 *       is cut at a random offset in {@code [0, 2*m]}: the paper's "resize to 256, crop 227" (pad 2 gives 259 for
 *       227, the same relative slack as 256/227).</li>
 *   <li>{@code flip}: a horizontal mirror with probability 1/2.</li>
 *   <li>{@code jitter}: for grayscale, the paper's PCA colour noise reduces to one random gain and offset of the
 *       normalised intensity: {@code x' = x * (1 + jitter * N(0,1)) + jitter * N(0,1)}.</li>
 * </ul>
 * The random choices of an image depend only on (seed, epoch, position in the epoch) through
 * {@link DropoutMask#mix} counter-based hashing, never on a stateful generator, so a run resumed at any step
 * draws exactly what an uninterrupted run draws.
 *
 * @param crop   random crops on or off
 * @param pad    crop slack in source pixels (1 to 8); ignored when {@code crop} is off
 * @param flip   random horizontal flips on or off
 * @param jitter standard deviation of the intensity gain and offset (0 = off, at most 1)
 */
public record Augmentation(boolean crop, int pad, boolean flip, double jitter) {
    /** No augmentation: {@code fill} with it is bit for bit the plain path. */
    public static final Augmentation NONE = new Augmentation(false, 0, false, 0);
    /** Crops with 2 pixels of slack, flips, jitter 0.1. */
    public static final Augmentation DEFAULT = new Augmentation(true, 2, true, 0.1);

    /** Keeps augmentation streams apart from the shuffling and dropout streams of the same run seed. */
    private static final long SALT = 0xA06_3E17_A71E_5EEDL;

    public Augmentation {
        if (crop && (pad < 1 || pad > 8)) throw new IllegalArgumentException("crop padding must be 1 to 8 pixels, got " + pad);
        if (!crop && pad != 0) throw new IllegalArgumentException("crop padding " + pad + " given with crops off");
        if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("intensity jitter must be in [0, 1], got " + jitter);
    }

    /** True when nothing is changed. */
    public boolean isNone() {
        return !crop && !flip && jitter == 0;
    }

    /**
     * The random choices for one image.
     *
     * @param dy    crop offset down, in [0, 2*slack] (0 when crops are off)
     * @param dx    crop offset right, in [0, 2*slack]
     * @param flip  mirror left-right
     * @param gain  multiplier of the normalised intensity (1 when jitter is off)
     * @param shift added to the normalised intensity (0 when jitter is off)
     */
    public record Draw(int dy, int dx, boolean flip, float gain, float shift) {
        public static final Draw IDENTITY = new Draw(0, 0, false, 1f, 0f);
    }

    /**
     * The choices for the image at {@code position} (0-based, within the epoch's order) of {@code epoch} in a run
     * seeded {@code seed}, with crop offsets in {@code [0, 2*slack]}.
     */
    public Draw draw(long seed, long epoch, long position, int slack) {
        long key = DropoutMask.mix(DropoutMask.mix(seed ^ SALT, epoch), position);
        int dy = crop ? uniformInt(DropoutMask.mix(key, 0), 2 * slack + 1) : 0;
        int dx = crop ? uniformInt(DropoutMask.mix(key, 1), 2 * slack + 1) : 0;
        boolean mirror = flip && DropoutMask.mix(key, 2) < 0; // the top bit: probability 1/2
        float gain = 1f, shift = 0f;
        if (jitter > 0) {
            gain = (float) (1 + jitter * gaussian(key, 3));
            shift = (float) (jitter * gaussian(key, 5));
        }
        return new Draw(dy, dx, mirror, gain, shift);
    }

    /** An integer in [0, n) from the top 32 bits of {@code bits} (multiply-shift, no modulo bias worth naming). */
    static int uniformInt(long bits, int n) {
        return (int) (((bits >>> 32) * n) >>> 32);
    }

    /** A standard normal by Box-Muller from counters {@code at} and {@code at + 1} of {@code key}. */
    static double gaussian(long key, long at) {
        double u1 = ((DropoutMask.mix(key, at) >>> 11) + 1) * 0x1.0p-53;  // (0, 1]: log never sees 0
        double u2 = (DropoutMask.mix(key, at + 1) >>> 11) * 0x1.0p-53;    // [0, 1)
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
