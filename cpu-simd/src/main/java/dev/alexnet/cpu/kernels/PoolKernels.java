// Overlapping max pooling, forward and backward, one (image, channel) plane per call.
package dev.alexnet.cpu.kernels;

import dev.alexnet.core.shape.PoolGeom;

/**
 * x (N, C, H, W) -> y (N, C, P, Q) with P = (H - size) / stride + 1. The backend hands each thread
 * whole planes, so the overlapping windows of backward never race. Agrees with
 * {@code ReferenceBackend.maxPoolForward / maxPoolBackward}.
 */
public final class PoolKernels {
    private PoolKernels() {}

    /** y[plane] = max over each window of x[plane]. */
    public static void forward(PoolGeom g, float[] x, float[] y, int plane) {
        final int h = g.h(), w = g.w(), size = g.size(), stride = g.stride();
        final int p = g.outH(), q = g.outW();
        final int xo = plane * h * w;
        int yo = plane * p * q;
        for (int oh = 0; oh < p; oh++) {
            for (int ow = 0; ow < q; ow++) {
                int top = xo + oh * stride * w + ow * stride;
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < size; i++) {
                    int row = top + i * w;
                    for (int j = 0; j < size; j++) {
                        m = Math.max(m, x[row + j]);
                    }
                }
                y[yo++] = m;
            }
        }
    }

    /**
     * dx[plane] = 0, then dy of each window added at the window's first maximal x in row-major order
     * (strict > while scanning, so ties keep the earliest position and the gradient is never split).
     */
    public static void backward(PoolGeom g, float[] x, float[] dy, float[] dx, int plane) {
        final int h = g.h(), w = g.w(), size = g.size(), stride = g.stride();
        final int p = g.outH(), q = g.outW();
        final int xo = plane * h * w;
        java.util.Arrays.fill(dx, xo, xo + h * w, 0f);
        int yo = plane * p * q;
        for (int oh = 0; oh < p; oh++) {
            for (int ow = 0; ow < q; ow++) {
                int top = xo + oh * stride * w + ow * stride;
                int best = top;
                float m = x[top];
                for (int i = 0; i < size; i++) {
                    int row = top + i * w;
                    for (int j = 0; j < size; j++) {
                        if (x[row + j] > m) {
                            m = x[row + j];
                            best = row + j;
                        }
                    }
                }
                dx[best] += dy[yo++];
            }
        }
    }
}
