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

    /**
     * Index of the first maximum (row-major) of the size x size window at x[top], row stride w.
     * Two passes: the maximum by Math.max, which compiles branch-free (a scan with an if per
     * element mispredicts on random data), then the first element equal to it, whose branch is
     * taken once. Equal to the reference's strict-greater scan for every non-NaN input (+0 and -0
     * compare equal in both).
     */
    static int firstMax(float[] x, int top, int w, int size) {
        float m = x[top];
        for (int i = 0; i < size; i++) {
            int row = top + i * w;
            for (int j = 0; j < size; j++) {
                m = Math.max(m, x[row + j]);
            }
        }
        for (int i = 0; i < size; i++) {
            int row = top + i * w;
            for (int j = 0; j < size; j++) {
                if (x[row + j] == m) {
                    return row + j;
                }
            }
        }
        return top; // only reached when the window holds NaN
    }

    /** y[plane] = x at the first maximum of each window of x[plane]. */
    public static void forward(PoolGeom g, float[] x, float[] y, int plane) {
        final int h = g.h(), w = g.w(), size = g.size(), stride = g.stride();
        final int p = g.outH(), q = g.outW();
        final int xo = plane * h * w;
        int yo = plane * p * q;
        for (int oh = 0; oh < p; oh++) {
            for (int ow = 0; ow < q; ow++) {
                int top = xo + oh * stride * w + ow * stride;
                y[yo++] = x[firstMax(x, top, w, size)];
            }
        }
    }

    /**
     * dx[plane] = 0, then dy of each window added at the window's first maximal x in row-major order
     * (see {@link #firstMax}: ties keep the earliest position, so the gradient is never split).
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
                dx[firstMax(x, top, w, size)] += dy[yo++];
            }
        }
    }
}
