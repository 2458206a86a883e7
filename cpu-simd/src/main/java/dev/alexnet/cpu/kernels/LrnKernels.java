// Local response normalisation across channels (paper's alpha), forward and backward, one image per call.
package dev.alexnet.cpu.kernels;

import dev.alexnet.core.shape.LrnParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * x (N, C, H, W). scale[c] = k + alpha * sum_{j in W(c)} x[j]^2 with W(c) = [max(0, c-half),
 * min(C-1, c+half)]; y = x * scale^-beta. Agrees with {@code ReferenceBackend.lrnForward /
 * lrnBackward}. Loops run along channel planes (H*W contiguous floats), one vector of pixels at a
 * time, summing the window's channels in registers. The vector and scalar paths do the same float
 * operations in the same order (mul then add, no FMA), so they agree bit for bit at any width.
 */
public final class LrnKernels {
    private LrnKernels() {}

    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;

    /**
     * scale^-beta. For the paper's beta = 0.75 this is 1 / (sqrt(s) * sqrt(sqrt(s))): correctly
     * rounded square roots and a division instead of a pow per element, which would dominate the layer.
     */
    static float powNegBeta(float s, float beta, boolean threeQuarters) {
        if (threeQuarters) {
            float r = (float) Math.sqrt(s);
            return 1f / (r * (float) Math.sqrt(r));
        }
        return (float) Math.pow(s, -beta);
    }

    static FloatVector powNegBeta(FloatVector s, FloatVector one) {
        FloatVector r = s.sqrt();
        return one.div(r.mul(r.sqrt()));
    }

    /**
     * Forward for image img: scale and y, (C, H*W) each. The window sum is a direct sum over its
     * (at most n = 5) channels: the same cost as a sliding sum for the paper's n, and free of the
     * drift that subtracting squares again would add.
     */
    public static void forward(LrnParams prm, int c, int plane, float[] x, float[] y, float[] scale, int img,
                               boolean vector) {
        final int half = prm.half();
        final float alpha = (float) prm.alpha();
        final float k = (float) prm.k();
        final float beta = (float) prm.beta();
        final boolean tq = prm.beta() == 0.75;
        final int base = img * c * plane;
        final boolean vec = vector && tq;
        final FloatVector one = FloatVector.broadcast(SP, 1f);
        final FloatVector kv = FloatVector.broadcast(SP, k);
        for (int ch = 0; ch < c; ch++) {
            final int lo = base + Math.max(0, ch - half) * plane;
            final int hi = base + Math.min(c - 1, ch + half) * plane;
            final int o = base + ch * plane;
            int i = 0;
            if (vec) {
                for (int bound = SP.loopBound(plane); i < bound; i += SP.length()) {
                    FloatVector sum = FloatVector.zero(SP);
                    for (int j = lo; j <= hi; j += plane) {
                        FloatVector v = FloatVector.fromArray(SP, x, j + i);
                        sum = sum.add(v.mul(v));
                    }
                    FloatVector s = kv.add(sum.mul(alpha));
                    s.intoArray(scale, o + i);
                    FloatVector.fromArray(SP, x, o + i).mul(powNegBeta(s, one)).intoArray(y, o + i);
                }
            }
            for (; i < plane; i++) {
                float sum = 0f;
                for (int j = lo; j <= hi; j += plane) {
                    float v = x[j + i];
                    sum = sum + v * v;
                }
                float s = k + sum * alpha;
                scale[o + i] = s;
                y[o + i] = x[o + i] * powNegBeta(s, beta, tq);
            }
        }
    }

    /**
     * Backward for image img:
     * dx[i] = dy[i] scale[i]^-beta - 2 alpha beta x[i] sum_{c in W(i)} dy[c] y[c] / scale[c]
     * (the window is symmetric, so c's window contains i exactly when i's contains c).
     * ratio (C*H*W) is per-thread scratch for dy y / scale of the image.
     */
    public static void backward(LrnParams prm, int c, int plane, float[] x, float[] y, float[] scale, float[] dy,
                                float[] dx, int img, float[] ratio, boolean vector) {
        final int half = prm.half();
        final float beta = (float) prm.beta();
        final boolean tq = prm.beta() == 0.75;
        final float coef = (float) (2 * prm.alpha() * prm.beta());
        final int base = img * c * plane;
        final int len = c * plane;
        final boolean vec = vector && tq;
        final FloatVector one = FloatVector.broadcast(SP, 1f);
        int i = 0;
        if (vector) {
            for (int bound = SP.loopBound(len); i < bound; i += SP.length()) {
                FloatVector.fromArray(SP, dy, base + i).mul(FloatVector.fromArray(SP, y, base + i))
                        .div(FloatVector.fromArray(SP, scale, base + i)).intoArray(ratio, i);
            }
        }
        for (; i < len; i++) {
            ratio[i] = dy[base + i] * y[base + i] / scale[base + i];
        }
        for (int ch = 0; ch < c; ch++) {
            final int lo = Math.max(0, ch - half) * plane;
            final int hi = Math.min(c - 1, ch + half) * plane;
            final int o = base + ch * plane;
            i = 0;
            if (vec) {
                for (int bound = SP.loopBound(plane); i < bound; i += SP.length()) {
                    FloatVector acc = FloatVector.zero(SP);
                    for (int j = lo; j <= hi; j += plane) {
                        acc = acc.add(FloatVector.fromArray(SP, ratio, j + i));
                    }
                    FloatVector left = FloatVector.fromArray(SP, dy, o + i)
                            .mul(powNegBeta(FloatVector.fromArray(SP, scale, o + i), one));
                    FloatVector right = FloatVector.fromArray(SP, x, o + i).mul(coef).mul(acc);
                    left.sub(right).intoArray(dx, o + i);
                }
            }
            for (; i < plane; i++) {
                float acc = 0f;
                for (int j = lo; j <= hi; j += plane) {
                    acc = acc + ratio[j + i];
                }
                dx[o + i] = dy[o + i] * powNegBeta(scale[o + i], beta, tq) - coef * x[o + i] * acc;
            }
        }
    }
}
