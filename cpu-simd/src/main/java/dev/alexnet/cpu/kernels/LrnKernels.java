// Local response normalisation across channels (paper's alpha), forward and backward, one image per call.
package dev.alexnet.cpu.kernels;

import dev.alexnet.core.shape.LrnParams;

/**
 * x (N, C, H, W). scale[c] = k + alpha * sum_{j in W(c)} x[j]^2 with W(c) = [max(0, c-half),
 * min(C-1, c+half)]; y = x * scale^-beta. Agrees with {@code ReferenceBackend.lrnForward /
 * lrnBackward}. Loops run over whole channel planes (H*W contiguous floats) so C2 vectorises them.
 */
public final class LrnKernels {
    private LrnKernels() {}

    /**
     * scale^-beta. For the paper's beta = 0.75 this is 1 / (sqrt(s) * sqrt(sqrt(s))): three
     * correctly rounded operations instead of a pow per element, which would dominate the layer.
     */
    static float powNegBeta(float s, float beta, boolean threeQuarters) {
        if (threeQuarters) {
            float r = (float) Math.sqrt(s);
            return 1f / (r * (float) Math.sqrt(r));
        }
        return (float) Math.pow(s, -beta);
    }

    /**
     * Forward for image img: scale and y (C, H*W planes). sumSq (H*W) is per-thread scratch holding
     * the window's square sum for every pixel of one channel plane.
     */
    public static void forward(LrnParams prm, int c, int plane, float[] x, float[] y, float[] scale, int img,
                               float[] sumSq) {
        final int half = prm.half();
        final float alpha = (float) prm.alpha();
        final float k = (float) prm.k();
        final float beta = (float) prm.beta();
        final boolean tq = prm.beta() == 0.75;
        final int base = img * c * plane;
        // A direct sum over the (at most 5) channels of each window: the same cost as sliding for
        // the paper's n = 5, and free of the drift that subtracting squares would add.
        for (int ch = 0; ch < c; ch++) {
            int lo = Math.max(0, ch - half);
            int hi = Math.min(c - 1, ch + half);
            java.util.Arrays.fill(sumSq, 0, plane, 0f);
            for (int j = lo; j <= hi; j++) {
                int o = base + j * plane;
                for (int i = 0; i < plane; i++) {
                    float v = x[o + i];
                    sumSq[i] += v * v;
                }
            }
            int o = base + ch * plane;
            for (int i = 0; i < plane; i++) {
                float s = k + alpha * sumSq[i];
                scale[o + i] = s;
                y[o + i] = x[o + i] * powNegBeta(s, beta, tq);
            }
        }
    }

    /**
     * Backward for image img:
     * dx[i] = dy[i] scale[i]^-beta - 2 alpha beta x[i] sum_{c in W(i)} dy[c] y[c] / scale[c]
     * (the window is symmetric, so c's window contains i exactly when i's contains c).
     * ratio (C*H*W) and acc (H*W) are per-thread scratch.
     */
    public static void backward(LrnParams prm, int c, int plane, float[] x, float[] y, float[] scale, float[] dy,
                                float[] dx, int img, float[] ratio, float[] acc) {
        final int half = prm.half();
        final float beta = (float) prm.beta();
        final boolean tq = prm.beta() == 0.75;
        final float coef = (float) (2 * prm.alpha() * prm.beta());
        final int base = img * c * plane;
        final int len = c * plane;
        for (int i = 0; i < len; i++) {
            ratio[i] = dy[base + i] * y[base + i] / scale[base + i];
        }
        for (int ch = 0; ch < c; ch++) {
            int lo = Math.max(0, ch - half);
            int hi = Math.min(c - 1, ch + half);
            java.util.Arrays.fill(acc, 0, plane, 0f);
            for (int j = lo; j <= hi; j++) {
                int o = j * plane;
                for (int i = 0; i < plane; i++) {
                    acc[i] += ratio[o + i];
                }
            }
            int o = base + ch * plane;
            for (int i = 0; i < plane; i++) {
                dx[o + i] = dy[o + i] * powNegBeta(scale[o + i], beta, tq) - coef * x[o + i] * acc[i];
            }
        }
    }
}
