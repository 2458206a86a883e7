// Turns dataset images (bytes, 28x28 grayscale) into the model's normalised float input.
package dev.alexnet.core.train;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNetConfig;

/**
 * Fills a batch (N, C, H, W) from dataset images: pixel / 255, normalised with the Fashion-MNIST
 * training mean and standard deviation, and, when the model's input is larger than the image (the
 * {@code paper} preset's 227x227), upscaled bilinearly and replicated to every channel.
 */
public final class InputPipeline {
    /** Mean and standard deviation of the 60,000 training images' pixels, scaled to [0, 1]. */
    public static final float MEAN = 0.2860f, STD = 0.3530f;

    private final int c, h, w;

    public InputPipeline(AlexNetConfig cfg) {
        this.c = cfg.inC();
        this.h = cfg.inH();
        this.w = cfg.inW();
    }

    public int imageSize() { return c * h * w; }

    /**
     * Writes images {@code order[from .. from+count)} of {@code ds} into {@code dst} (count * C*H*W floats)
     * and their labels into {@code labels}. Slots past {@code count} up to {@code batch} are zero-filled
     * with label 0 (callers ignore them).
     */
    public void fill(Dataset ds, int[] order, int from, int count, int batch, float[] dst, int[] labels) {
        int per = imageSize();
        for (int i = 0; i < batch; i++) {
            if (i < count) {
                int idx = order[from + i];
                image(ds, idx, dst, i * per);
                labels[i] = ds.label(idx);
            } else {
                java.util.Arrays.fill(dst, i * per, (i + 1) * per, 0f);
                labels[i] = 0;
            }
        }
    }

    /** One image into dst[off .. off + C*H*W). */
    public void image(Dataset ds, int idx, float[] dst, int off) {
        int rows = ds.rows(), cols = ds.cols();
        byte[] px = ds.pixels();
        int base = idx * rows * cols;
        if (rows == h && cols == w) {
            for (int ch = 0; ch < c; ch++) {
                int o = off + ch * h * w;
                for (int i = 0; i < h * w; i++) dst[o + i] = norm(px[base + i] & 0xff);
            }
            return;
        }
        // Bilinear resize, pixel centres aligned (align_corners = false), edges clamped.
        float sy = (float) rows / h, sx = (float) cols / w;
        for (int y = 0; y < h; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, rows - 1), y1 = Math.min(y0 + 1, rows - 1);
            float wy = fy - y0;
            for (int x = 0; x < w; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, cols - 1), x1 = Math.min(x0 + 1, cols - 1);
                float wx = fx - x0;
                float top = (px[base + y0 * cols + x0] & 0xff) * (1 - wx) + (px[base + y0 * cols + x1] & 0xff) * wx;
                float bot = (px[base + y1 * cols + x0] & 0xff) * (1 - wx) + (px[base + y1 * cols + x1] & 0xff) * wx;
                float v = norm(top * (1 - wy) + bot * wy);
                for (int ch = 0; ch < c; ch++) dst[off + (ch * h + y) * w + x] = v;
            }
        }
    }

    /**
     * As {@link #fill(Dataset, int[], int, int, int, float[], int[])}, with augmentation: the image at position
     * {@code from + i} of the epoch's order gets {@link Augmentation#draw aug.draw(seed, epoch, from + i, slack)}.
     * With {@link Augmentation#NONE} (or any augmentation that changes nothing) it is exactly the plain fill.
     */
    public void fill(Dataset ds, int[] order, int from, int count, int batch, float[] dst, int[] labels,
                     Augmentation aug, long seed, long epoch) {
        if (aug.isNone()) {
            fill(ds, order, from, count, batch, dst, labels);
            return;
        }
        int per = imageSize(), slack = slack(aug, ds.rows());
        for (int i = 0; i < batch; i++) {
            if (i < count) {
                int idx = order[from + i];
                image(ds, idx, dst, i * per, slack, aug.draw(seed, epoch, from + i, slack));
                labels[i] = ds.label(idx);
            } else {
                java.util.Arrays.fill(dst, i * per, (i + 1) * per, 0f);
                labels[i] = 0;
            }
        }
    }

    /**
     * The crop slack in model-input pixels: {@code pad} when the input has the image's size, else {@code pad}
     * scaled by H / rows (the margin of the upscaled image around the H x W window); 0 with crops off.
     */
    public int slack(Augmentation aug, int rows) {
        if (!aug.crop()) return 0;
        return rows == h ? aug.pad() : Math.round(aug.pad() * (float) h / rows);
    }

    /**
     * One augmented image into dst[off .. off + C*H*W): the H x W window at (d.dy, d.dx) of the image padded
     * with black by {@code slack} (same size) or upscaled to (H + 2*slack) x (W + 2*slack) (larger input),
     * mirrored left-right when {@code d.flip}, then normalised and mapped {@code x -> x * gain + shift}.
     */
    public void image(Dataset ds, int idx, float[] dst, int off, int slack, Augmentation.Draw d) {
        int rows = ds.rows(), cols = ds.cols();
        byte[] px = ds.pixels();
        int base = idx * rows * cols;
        float gain = d.gain(), shift = d.shift();
        if (rows == h && cols == w) {
            // (H, W) window of the (H + 2*slack, W + 2*slack) zero-padded image; padding is black (pixel 0).
            float black = norm(0f) * gain + shift;
            for (int y = 0; y < h; y++) {
                int sy = y + d.dy() - slack;
                for (int x = 0; x < w; x++) {
                    int sx = (d.flip() ? w - 1 - x : x) + d.dx() - slack;
                    float v = sy < 0 || sy >= rows || sx < 0 || sx >= cols ? black
                            : norm(px[base + sy * cols + sx] & 0xff) * gain + shift;
                    for (int ch = 0; ch < c; ch++) dst[off + (ch * h + y) * w + x] = v;
                }
            }
            return;
        }
        // Bilinear resize to (H + 2*slack, W + 2*slack) as in image(), sampled only inside the window.
        int bigH = h + 2 * slack, bigW = w + 2 * slack;
        float sy = (float) rows / bigH, sx = (float) cols / bigW;
        for (int y = 0; y < h; y++) {
            int by = y + d.dy();
            float fy = Math.max(0f, (by + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, rows - 1), y1 = Math.min(y0 + 1, rows - 1);
            float wy = fy - y0;
            for (int x = 0; x < w; x++) {
                int bx = (d.flip() ? w - 1 - x : x) + d.dx();
                float fx = Math.max(0f, (bx + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, cols - 1), x1 = Math.min(x0 + 1, cols - 1);
                float wx = fx - x0;
                float top = (px[base + y0 * cols + x0] & 0xff) * (1 - wx) + (px[base + y0 * cols + x1] & 0xff) * wx;
                float bot = (px[base + y1 * cols + x0] & 0xff) * (1 - wx) + (px[base + y1 * cols + x1] & 0xff) * wx;
                float v = norm(top * (1 - wy) + bot * wy) * gain + shift;
                for (int ch = 0; ch < c; ch++) dst[off + (ch * h + y) * w + x] = v;
            }
        }
    }

    /** Mirrors images 0 .. count-1 of {@code dst} (N, C, H, W) left-right in place (test-time augmentation). */
    public void mirror(float[] dst, int count) {
        for (int row = 0; row < count * c * h; row++) {
            int o = row * w;
            for (int a = o, b = o + w - 1; a < b; a++, b--) {
                float t = dst[a];
                dst[a] = dst[b];
                dst[b] = t;
            }
        }
    }

    private static float norm(float pixel) {
        return (pixel / 255f - MEAN) / STD;
    }
}
