// The oracle: every op as plain scalar loops with double accumulators. Other backends are tested against it.
package dev.alexnet.core.reference;

import static dev.alexnet.core.spi.Checks.*;
import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.DropoutMask;
import dev.alexnet.core.spi.HostTensor;
import dev.alexnet.core.spi.Tensor;

/**
 * The definition of every {@link Backend} op, written to be obviously right rather than fast: one
 * loop per formula, sums in {@code double}, no blocking, no threads. It also lets the whole pipeline
 * run anywhere, slowly.
 */
public final class ReferenceBackend implements Backend {

    @Override public String name() { return "reference"; }

    @Override public String describe() { return "reference: scalar Java loops, double accumulators, 1 thread"; }

    // ---- memory -------------------------------------------------------------------------------

    @Override public Tensor allocate(Shape shape) { return new HostTensor(shape); }

    @Override
    public void copyIn(float[] src, Tensor dst) {
        float[] d = HostTensor.data(dst);
        requireLength("copyIn", src.length, d.length);
        System.arraycopy(src, 0, d, 0, d.length);
    }

    @Override
    public void copyOut(Tensor src, float[] dst) {
        float[] s = HostTensor.data(src);
        requireLength("copyOut", dst.length, s.length);
        System.arraycopy(s, 0, dst, 0, s.length);
    }

    @Override public void fill(Tensor t, float value) { java.util.Arrays.fill(HostTensor.data(t), value); }

    // ---- convolution --------------------------------------------------------------------------
    // x (N, C, H, W), w (K, C/G, R, S), b (K), y (N, K, P, Q); output channel k of group g = k / (K/G)
    // reads input channels [g C/G, (g+1) C/G).

    @Override
    public void convForward(ConvGeom g, Tensor xt, Tensor wt, Tensor bt, Tensor yt) {
        requireShape("conv x", xt, g.inputShape());
        requireShape("conv w", wt, g.filterShape());
        requireShape("conv b", bt, g.biasShape());
        requireShape("conv y", yt, g.outputShape());
        float[] x = HostTensor.data(xt), w = HostTensor.data(wt), b = HostTensor.data(bt), y = HostTensor.data(yt);
        int cg = g.cPerGroup(), kg = g.kPerGroup(), p = g.outH(), q = g.outW();
        for (int n = 0; n < g.n(); n++) {
            for (int k = 0; k < g.k(); k++) {
                int c0 = (k / kg) * cg;
                for (int oy = 0; oy < p; oy++) {
                    for (int ox = 0; ox < q; ox++) {
                        double sum = b[k];
                        for (int c = 0; c < cg; c++) {
                            for (int r = 0; r < g.r(); r++) {
                                int iy = oy * g.stride() - g.pad() + r;
                                if (iy < 0 || iy >= g.h()) continue;
                                for (int s = 0; s < g.s(); s++) {
                                    int ix = ox * g.stride() - g.pad() + s;
                                    if (ix < 0 || ix >= g.w()) continue;
                                    sum += (double) x[((n * g.c() + c0 + c) * g.h() + iy) * g.w() + ix]
                                            * w[((k * cg + c) * g.r() + r) * g.s() + s];
                                }
                            }
                        }
                        y[((n * g.k() + k) * p + oy) * q + ox] = (float) sum;
                    }
                }
            }
        }
    }

    @Override
    public void convBackwardData(ConvGeom g, Tensor dyt, Tensor wt, Tensor dxt) {
        requireShape("conv dy", dyt, g.outputShape());
        requireShape("conv w", wt, g.filterShape());
        requireShape("conv dx", dxt, g.inputShape());
        float[] dy = HostTensor.data(dyt), w = HostTensor.data(wt), dx = HostTensor.data(dxt);
        int cg = g.cPerGroup(), kg = g.kPerGroup(), p = g.outH(), q = g.outW();
        double[] acc = new double[dx.length];
        // Scatter form of the forward sum: every (output, tap) pair sends dy * w back to the input it read.
        for (int n = 0; n < g.n(); n++) {
            for (int k = 0; k < g.k(); k++) {
                int c0 = (k / kg) * cg;
                for (int oy = 0; oy < p; oy++) {
                    for (int ox = 0; ox < q; ox++) {
                        double d = dy[((n * g.k() + k) * p + oy) * q + ox];
                        for (int c = 0; c < cg; c++) {
                            for (int r = 0; r < g.r(); r++) {
                                int iy = oy * g.stride() - g.pad() + r;
                                if (iy < 0 || iy >= g.h()) continue;
                                for (int s = 0; s < g.s(); s++) {
                                    int ix = ox * g.stride() - g.pad() + s;
                                    if (ix < 0 || ix >= g.w()) continue;
                                    acc[((n * g.c() + c0 + c) * g.h() + iy) * g.w() + ix] +=
                                            d * w[((k * cg + c) * g.r() + r) * g.s() + s];
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < dx.length; i++) dx[i] = (float) acc[i];
    }

    @Override
    public void convBackwardFilter(ConvGeom g, Tensor xt, Tensor dyt, Tensor dwt) {
        requireShape("conv x", xt, g.inputShape());
        requireShape("conv dy", dyt, g.outputShape());
        requireShape("conv dw", dwt, g.filterShape());
        float[] x = HostTensor.data(xt), dy = HostTensor.data(dyt), dw = HostTensor.data(dwt);
        int cg = g.cPerGroup(), kg = g.kPerGroup(), p = g.outH(), q = g.outW();
        for (int k = 0; k < g.k(); k++) {
            int c0 = (k / kg) * cg;
            for (int c = 0; c < cg; c++) {
                for (int r = 0; r < g.r(); r++) {
                    for (int s = 0; s < g.s(); s++) {
                        double sum = 0;
                        for (int n = 0; n < g.n(); n++) {
                            for (int oy = 0; oy < p; oy++) {
                                int iy = oy * g.stride() - g.pad() + r;
                                if (iy < 0 || iy >= g.h()) continue;
                                for (int ox = 0; ox < q; ox++) {
                                    int ix = ox * g.stride() - g.pad() + s;
                                    if (ix < 0 || ix >= g.w()) continue;
                                    sum += (double) x[((n * g.c() + c0 + c) * g.h() + iy) * g.w() + ix]
                                            * dy[((n * g.k() + k) * p + oy) * q + ox];
                                }
                            }
                        }
                        dw[((k * cg + c) * g.r() + r) * g.s() + s] += (float) sum;
                    }
                }
            }
        }
    }

    @Override
    public void convBackwardBias(ConvGeom g, Tensor dyt, Tensor dbt) {
        requireShape("conv dy", dyt, g.outputShape());
        requireShape("conv db", dbt, g.biasShape());
        float[] dy = HostTensor.data(dyt), db = HostTensor.data(dbt);
        int plane = g.outH() * g.outW();
        for (int k = 0; k < g.k(); k++) {
            double sum = 0;
            for (int n = 0; n < g.n(); n++) {
                int base = (n * g.k() + k) * plane;
                for (int i = 0; i < plane; i++) sum += dy[base + i];
            }
            db[k] += (float) sum;
        }
    }

    // ---- fully connected ----------------------------------------------------------------------
    // x (N, IN), w (OUT, IN), b (OUT), y (N, OUT)

    @Override
    public void fcForward(Tensor xt, Tensor wt, Tensor bt, Tensor yt) {
        int n = xt.shape().n(), in = xt.shape().perImage(), out = wt.shape().n();
        requireShape("fc w", wt, Shape.matrix(out, in));
        requireShape("fc b", bt, Shape.vector(out));
        requireShape("fc y", yt, Shape.matrix(n, out));
        float[] x = HostTensor.data(xt), w = HostTensor.data(wt), b = HostTensor.data(bt), y = HostTensor.data(yt);
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int j = 0; j < in; j++) sum += (double) x[i * in + j] * w[o * in + j];
                y[i * out + o] = (float) sum;
            }
        }
    }

    @Override
    public void fcBackward(Tensor xt, Tensor wt, Tensor dyt, Tensor dxt, Tensor dwt, Tensor dbt) {
        int n = xt.shape().n(), in = xt.shape().perImage(), out = wt.shape().n();
        requireShape("fc w", wt, Shape.matrix(out, in));
        requireShape("fc dy", dyt, Shape.matrix(n, out));
        requireShape("fc dw", dwt, Shape.matrix(out, in));
        requireShape("fc db", dbt, Shape.vector(out));
        float[] x = HostTensor.data(xt), w = HostTensor.data(wt), dy = HostTensor.data(dyt);
        float[] dw = HostTensor.data(dwt), db = HostTensor.data(dbt);
        for (int o = 0; o < out; o++) {
            double bsum = 0;
            for (int i = 0; i < n; i++) bsum += dy[i * out + o];
            db[o] += (float) bsum;
            for (int j = 0; j < in; j++) {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += (double) dy[i * out + o] * x[i * in + j];
                dw[o * in + j] += (float) sum;
            }
        }
        if (dxt != null) {
            if (dxt.size() != xt.size()) {
                throw new IllegalArgumentException("fc dx has " + dxt.shape() + " but x has " + xt.shape());
            }
            float[] dx = HostTensor.data(dxt);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < in; j++) {
                    double sum = 0;
                    for (int o = 0; o < out; o++) sum += (double) dy[i * out + o] * w[o * in + j];
                    dx[i * in + j] = (float) sum;
                }
            }
        }
    }

    // ---- ReLU ---------------------------------------------------------------------------------

    @Override
    public void reluForward(Tensor xt, Tensor yt) {
        requireSameSize("relu", xt, yt);
        float[] x = HostTensor.data(xt), y = HostTensor.data(yt);
        for (int i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0f;
    }

    @Override
    public void reluBackward(Tensor yt, Tensor dyt, Tensor dxt) {
        requireSameSize("relu", yt, dyt);
        requireSameSize("relu", yt, dxt);
        float[] y = HostTensor.data(yt), dy = HostTensor.data(dyt), dx = HostTensor.data(dxt);
        for (int i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0f;
    }

    // ---- LRN ----------------------------------------------------------------------------------
    // x, y, scale (N, C, H, W). scale[c] = k + alpha * sum_{j in window(c)} x[j]^2, y = x * scale^-beta.
    // Backward: dx[j] = dy[j] scale[j]^-beta - 2 alpha beta x[j] * sum_{c : j in window(c)} dy[c] y[c] / scale[c].
    // The window is symmetric (|c - j| <= n/2, clipped), so "c whose window holds j" is again window(j).

    @Override
    public void lrnForward(LrnParams lp, Tensor xt, Tensor yt, Tensor scalet) {
        requireSameShape("lrn", xt, yt);
        requireSameShape("lrn", xt, scalet);
        Shape sh = xt.shape();
        float[] x = HostTensor.data(xt), y = HostTensor.data(yt), scale = HostTensor.data(scalet);
        int cN = sh.c(), plane = sh.h() * sh.w(), half = lp.half();
        for (int n = 0; n < sh.n(); n++) {
            for (int c = 0; c < cN; c++) {
                int lo = Math.max(0, c - half), hi = Math.min(cN - 1, c + half);
                for (int i = 0; i < plane; i++) {
                    double sum = 0;
                    for (int j = lo; j <= hi; j++) {
                        double v = x[(n * cN + j) * plane + i];
                        sum += v * v;
                    }
                    int at = (n * cN + c) * plane + i;
                    double sc = lp.k() + lp.alpha() * sum;
                    scale[at] = (float) sc;
                    y[at] = (float) (x[at] * Math.pow(sc, -lp.beta()));
                }
            }
        }
    }

    @Override
    public void lrnBackward(LrnParams lp, Tensor xt, Tensor yt, Tensor scalet, Tensor dyt, Tensor dxt) {
        requireSameShape("lrn", xt, yt);
        requireSameShape("lrn", xt, scalet);
        requireSameShape("lrn", xt, dyt);
        requireSameShape("lrn", xt, dxt);
        Shape sh = xt.shape();
        float[] x = HostTensor.data(xt), y = HostTensor.data(yt), scale = HostTensor.data(scalet);
        float[] dy = HostTensor.data(dyt), dx = HostTensor.data(dxt);
        int cN = sh.c(), plane = sh.h() * sh.w(), half = lp.half();
        for (int n = 0; n < sh.n(); n++) {
            for (int j = 0; j < cN; j++) {
                int lo = Math.max(0, j - half), hi = Math.min(cN - 1, j + half);
                for (int i = 0; i < plane; i++) {
                    double sum = 0;
                    for (int c = lo; c <= hi; c++) {
                        int at = (n * cN + c) * plane + i;
                        sum += (double) dy[at] * y[at] / scale[at];
                    }
                    int at = (n * cN + j) * plane + i;
                    dx[at] = (float) (dy[at] * Math.pow(scale[at], -lp.beta())
                            - 2.0 * lp.alpha() * lp.beta() * x[at] * sum);
                }
            }
        }
    }

    // ---- max pooling --------------------------------------------------------------------------
    // x (N, C, H, W), y and dy (N, C, P, Q). Ties: the first maximum in row-major window order wins.

    @Override
    public void maxPoolForward(PoolGeom g, Tensor xt, Tensor yt) {
        requireShape("pool x", xt, g.inputShape());
        requireShape("pool y", yt, g.outputShape());
        float[] x = HostTensor.data(xt), y = HostTensor.data(yt);
        int p = g.outH(), q = g.outW();
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            for (int oy = 0; oy < p; oy++) {
                for (int ox = 0; ox < q; ox++) {
                    y[(plane * p + oy) * q + ox] = x[firstMax(g, x, plane, oy, ox)];
                }
            }
        }
    }

    @Override
    public void maxPoolBackward(PoolGeom g, Tensor xt, Tensor yt, Tensor dyt, Tensor dxt) {
        requireShape("pool x", xt, g.inputShape());
        requireShape("pool y", yt, g.outputShape());
        requireShape("pool dy", dyt, g.outputShape());
        requireShape("pool dx", dxt, g.inputShape());
        float[] x = HostTensor.data(xt), dy = HostTensor.data(dyt), dx = HostTensor.data(dxt);
        java.util.Arrays.fill(dx, 0f);
        int p = g.outH(), q = g.outW();
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            for (int oy = 0; oy < p; oy++) {
                for (int ox = 0; ox < q; ox++) {
                    dx[firstMax(g, x, plane, oy, ox)] += dy[(plane * p + oy) * q + ox];
                }
            }
        }
    }

    /** Index into x of the first maximum (row-major) of window (oy, ox) of one (n, c) plane. */
    private static int firstMax(PoolGeom g, float[] x, int plane, int oy, int ox) {
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < g.size(); r++) {
            for (int s = 0; s < g.size(); s++) {
                int at = (plane * g.h() + oy * g.stride() + r) * g.w() + ox * g.stride() + s;
                if (best < 0 || x[at] > max) {
                    best = at;
                    max = x[at];
                }
            }
        }
        return best;
    }

    // ---- dropout ------------------------------------------------------------------------------

    @Override
    public void dropoutForward(float p, long seed, Tensor xt, Tensor maskt, Tensor yt) {
        requireSameSize("dropout", xt, maskt);
        requireSameSize("dropout", xt, yt);
        requireProbability(p);
        float[] x = HostTensor.data(xt), mask = HostTensor.data(maskt), y = HostTensor.data(yt);
        for (int i = 0; i < x.length; i++) {
            mask[i] = p == 0f ? 1f : DropoutMask.multiplier(seed, i, p);
            y[i] = x[i] * mask[i];
        }
    }

    @Override
    public void dropoutBackward(Tensor maskt, Tensor dyt, Tensor dxt) {
        requireSameSize("dropout", maskt, dyt);
        requireSameSize("dropout", maskt, dxt);
        float[] mask = HostTensor.data(maskt), dy = HostTensor.data(dyt), dx = HostTensor.data(dxt);
        for (int i = 0; i < mask.length; i++) dx[i] = dy[i] * mask[i];
    }

    // ---- loss ---------------------------------------------------------------------------------
    // logits, probs, dLogits (N, CLASSES). Stable: exp(z - max z); loss = log(sum exp(z - max)) - (z_y - max).

    @Override
    public float softmaxCrossEntropy(Tensor logitsT, int[] labels, Tensor probsT, Tensor dLogitsT) {
        int n = logitsT.shape().n(), classes = logitsT.shape().perImage();
        if (labels.length != n) {
            throw new IllegalArgumentException("softmax: " + labels.length + " labels for a batch of " + n);
        }
        if (probsT != null) requireSameSize("softmax probs", logitsT, probsT);
        if (dLogitsT != null) requireSameSize("softmax dLogits", logitsT, dLogitsT);
        float[] z = HostTensor.data(logitsT);
        float[] probs = probsT == null ? null : HostTensor.data(probsT);
        float[] dz = dLogitsT == null ? null : HostTensor.data(dLogitsT);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("softmax: label " + label + " outside 0.." + (classes - 1));
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) max = Math.max(max, z[i * classes + j]);
            double sum = 0;
            for (int j = 0; j < classes; j++) sum += Math.exp(z[i * classes + j] - max);
            loss += Math.log(sum) - (z[i * classes + label] - max);
            for (int j = 0; j < classes; j++) {
                double pj = Math.exp(z[i * classes + j] - max) / sum;
                if (probs != null) probs[i * classes + j] = (float) pj;
                if (dz != null) dz[i * classes + j] = (float) ((pj - (j == label ? 1 : 0)) / n);
            }
        }
        return (float) (loss / n);
    }

    // ---- optimizer ----------------------------------------------------------------------------

    @Override
    public void sgdUpdate(Tensor wt, Tensor gradt, Tensor velocityt, float lr, float momentum, float weightDecay) {
        requireSameSize("sgd", wt, gradt);
        requireSameSize("sgd", wt, velocityt);
        float[] w = HostTensor.data(wt), grad = HostTensor.data(gradt), v = HostTensor.data(velocityt);
        for (int i = 0; i < w.length; i++) {
            v[i] = momentum * v[i] - lr * (grad[i] + weightDecay * w[i]);
            w[i] += v[i];
        }
    }

    @Override public void close() {}
}
