// Augmentation: the plain path unchanged, determinism in (seed, epoch, position), exact flips and crops, jitter statistics.
package dev.alexnet.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNetConfig;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    static final float BLACK = -InputPipeline.MEAN / InputPipeline.STD;

    /** {@code n} 28x28 images of random bytes (seed 7), labels i % 10. */
    static Dataset randomImages(int n) {
        byte[] px = new byte[n * 28 * 28];
        new SplittableRandom(7).nextBytes(px);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % 10);
        return new Dataset(n, 28, 28, px, labels);
    }

    static float[] plain(InputPipeline p, Dataset ds, int idx) {
        float[] x = new float[p.imageSize()];
        p.image(ds, idx, x, 0);
        return x;
    }

    static float[] augmented(InputPipeline p, Dataset ds, int idx, int slack, Augmentation.Draw d) {
        float[] x = new float[p.imageSize()];
        p.image(ds, idx, x, 0, slack, d);
        return x;
    }

    @Test
    void noneIsThePlainFillBitForBit() {
        Dataset ds = randomImages(5);
        int[] order = {4, 2, 0, 1, 3};
        for (AlexNetConfig cfg : new AlexNetConfig[]{AlexNetConfig.fashion(), AlexNetConfig.paper()}) {
            InputPipeline p = new InputPipeline(cfg);
            float[] a = new float[4 * p.imageSize()], b = new float[4 * p.imageSize()];
            int[] la = new int[4], lb = new int[4];
            Arrays.fill(b, 9f);
            p.fill(ds, order, 1, 3, 4, a, la);
            p.fill(ds, order, 1, 3, 4, b, lb, Augmentation.NONE, 42, 3);
            assertArrayEquals(a, b, cfg.preset());
            assertArrayEquals(la, lb);
            assertArrayEquals(new int[]{2, 0, 1, 0}, la);
            // The general augmented path with the identity draw and no slack is also the plain path, bit for bit.
            assertArrayEquals(plain(p, ds, 3), augmented(p, ds, 3, 0, Augmentation.Draw.IDENTITY), cfg.preset());
        }
    }

    @Test
    void flipIsAnExactMirror() {
        Dataset ds = randomImages(2);
        for (AlexNetConfig cfg : new AlexNetConfig[]{AlexNetConfig.fashion(), AlexNetConfig.paper()}) {
            InputPipeline p = new InputPipeline(cfg);
            int slack = p.slack(Augmentation.DEFAULT, 28);
            Augmentation.Draw straight = new Augmentation.Draw(1, 3, false, 1f, 0f), flipped = new Augmentation.Draw(1, 3, true, 1f, 0f);
            float[] a = augmented(p, ds, 1, slack, straight), b = augmented(p, ds, 1, slack, flipped);
            int h = cfg.inH(), w = cfg.inW();
            for (int ch = 0; ch < cfg.inC(); ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int o = (ch * h + y) * w;
                        assertEquals(a[o + x], b[o + w - 1 - x], 0f, cfg.preset() + " at " + ch + "," + y + "," + x);
                    }
                }
            }
            p.mirror(a, 1);
            assertArrayEquals(b, a, "mirror() is the same flip");
        }
    }

    @Test
    void cropIsTheZeroPaddedImageShifted() {
        Dataset ds = randomImages(1);
        InputPipeline p = new InputPipeline(AlexNetConfig.fashion());
        float[] orig = plain(p, ds, 0);
        int pad = 3;
        assertEquals(3, p.slack(new Augmentation(true, pad, false, 0), 28));
        float[] topLeft = augmented(p, ds, 0, pad, new Augmentation.Draw(0, 0, false, 1f, 0f));
        float[] bottomRight = augmented(p, ds, 0, pad, new Augmentation.Draw(2 * pad, 2 * pad, false, 1f, 0f));
        float[] centre = augmented(p, ds, 0, pad, new Augmentation.Draw(pad, pad, false, 1f, 0f));
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                // Offset 0 of the padded image: the original moved down-right by pad, black above and left.
                float want = y < pad || x < pad ? BLACK : orig[(y - pad) * 28 + x - pad];
                assertEquals(want, topLeft[y * 28 + x], 0f, "offset 0 at " + y + "," + x);
                float want2 = y >= 28 - pad || x >= 28 - pad ? BLACK : orig[(y + pad) * 28 + x + pad];
                assertEquals(want2, bottomRight[y * 28 + x], 0f, "offset 2*pad at " + y + "," + x);
            }
        }
        assertArrayEquals(orig, centre, "the centred window is the original");
    }

    @Test
    void paperCropIsAWindowOfTheUpscaledImage() {
        Dataset ds = randomImages(1);
        InputPipeline p = new InputPipeline(AlexNetConfig.paper());
        int slack = p.slack(Augmentation.DEFAULT, 28);
        assertEquals(16, slack, "pad 2 of 28 rows is 16 of 227: resize to 259, crop 227");
        float[] a = augmented(p, ds, 0, slack, new Augmentation.Draw(0, 0, false, 1f, 0f));
        float[] b = augmented(p, ds, 0, slack, new Augmentation.Draw(5, 7, false, 1f, 0f));
        // The same upscaled image, so windows 5 down and 7 right overlap exactly.
        for (int y = 0; y + 5 < 227; y += 13) {
            for (int x = 0; x + 7 < 227; x += 11) assertEquals(a[(y + 5) * 227 + x + 7], b[y * 227 + x], 0f);
        }
        for (int ch = 1; ch < 3; ch++) {
            assertArrayEquals(Arrays.copyOfRange(b, 0, 227 * 227), Arrays.copyOfRange(b, ch * 227 * 227, (ch + 1) * 227 * 227));
        }
    }

    @Test
    void jitterIsAGainAndShiftOfTheNormalisedImage() {
        Dataset ds = randomImages(1);
        InputPipeline p = new InputPipeline(AlexNetConfig.fashion());
        float[] orig = plain(p, ds, 0);
        float[] j = augmented(p, ds, 0, 0, new Augmentation.Draw(0, 0, false, 1.25f, -0.5f));
        for (int i = 0; i < orig.length; i++) assertEquals(orig[i] * 1.25f - 0.5f, j[i], 1e-6f);
    }

    @Test
    void drawsArePureFunctionsOfSeedEpochAndPosition() {
        Augmentation a = Augmentation.DEFAULT;
        assertEquals(a.draw(42, 3, 1000, 2), a.draw(42, 3, 1000, 2));
        int differ = 0;
        for (int i = 0; i < 100; i++) {
            if (!a.draw(42, 3, i, 2).equals(a.draw(42, 4, i, 2))) differ++;
            if (!a.draw(42, 3, i, 2).equals(a.draw(43, 3, i, 2))) differ++;
        }
        assertEquals(200, differ, "another epoch or seed draws differently (jitter makes a collision practically impossible)");
        // Statistics over 20,000 images: offsets uniform over 0..4, flips 1/2, gain 1 + N(0, 0.1), shift N(0, 0.1).
        int n = 20_000;
        int[] dy = new int[5];
        int flips = 0;
        double g = 0, g2 = 0, s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            Augmentation.Draw d = a.draw(42, 0, i, 2);
            dy[d.dy()]++;
            assertTrue(d.dx() >= 0 && d.dx() <= 4);
            if (d.flip()) flips++;
            g += d.gain();
            g2 += d.gain() * d.gain();
            s += d.shift();
            s2 += d.shift() * d.shift();
        }
        for (int k : dy) assertEquals(n / 5.0, k, 5 * Math.sqrt(n / 5.0), Arrays.toString(dy));
        assertEquals(n / 2.0, flips, 5 * Math.sqrt(n / 4.0));
        assertEquals(1, g / n, 0.005);
        assertEquals(0.1, Math.sqrt(g2 / n - (g / n) * (g / n)), 0.005);
        assertEquals(0, s / n, 0.005);
        assertEquals(0.1, Math.sqrt(s2 / n - (s / n) * (s / n)), 0.005);
    }

    @Test
    void eachPartTurnsOff() {
        for (int i = 0; i < 50; i++) {
            Augmentation.Draw d = new Augmentation(false, 0, true, 0).draw(1, 2, i, 0);
            assertEquals(0, d.dy());
            assertEquals(0, d.dx());
            assertEquals(1f, d.gain());
            assertEquals(0f, d.shift());
            Augmentation.Draw e = new Augmentation(true, 2, false, 0).draw(1, 2, i, 2);
            assertFalse(e.flip());
            assertEquals(1f, e.gain());
        }
        assertTrue(Augmentation.NONE.isNone());
        assertFalse(Augmentation.DEFAULT.isNone());
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(true, 0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, 2, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, 0, false, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(false, 0, false, Double.NaN));
    }

    @Test
    void augmentedFillDependsOnPositionNotOnTheBatching() {
        Dataset ds = randomImages(8);
        int[] order = {7, 6, 5, 4, 3, 2, 1, 0};
        InputPipeline p = new InputPipeline(AlexNetConfig.fashion());
        int per = p.imageSize();
        float[] whole = new float[8 * per], part = new float[4 * per];
        int[] lw = new int[8], lp = new int[4];
        p.fill(ds, order, 0, 8, 8, whole, lw, Augmentation.DEFAULT, 42, 5);
        p.fill(ds, order, 4, 3, 4, part, lp, Augmentation.DEFAULT, 42, 5);   // a resumed run's batch, one slot of padding
        assertArrayEquals(Arrays.copyOfRange(whole, 4 * per, 7 * per), Arrays.copyOf(part, 3 * per));
        assertArrayEquals(new float[per], Arrays.copyOfRange(part, 3 * per, 4 * per), "padding slot is zero");
        assertArrayEquals(new int[]{3, 2, 1, 0}, lp);
        float[] again = new float[8 * per];
        p.fill(ds, order, 0, 8, 8, again, new int[8], Augmentation.DEFAULT, 42, 5);
        assertArrayEquals(whole, again);
        float[] other = new float[8 * per];
        p.fill(ds, order, 0, 8, 8, other, new int[8], Augmentation.DEFAULT, 42, 6);
        assertNotEquals(Arrays.hashCode(whole), Arrays.hashCode(other), "the next epoch augments differently");
        float[] plainFill = new float[8 * per];
        p.fill(ds, order, 0, 8, 8, plainFill, new int[8]);
        assertNotEquals(Arrays.hashCode(whole), Arrays.hashCode(plainFill));
    }
}
