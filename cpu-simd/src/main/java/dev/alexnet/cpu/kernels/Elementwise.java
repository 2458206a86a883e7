// Element-wise kernels over index ranges: ReLU, inverted dropout, SGD with momentum, bias, softmax cross-entropy.
package dev.alexnet.cpu.kernels;

import dev.alexnet.core.spi.DropoutMask;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Each kernel handles elements [from, to) so the backend can split a tensor over threads. They are
 * memory-bound single passes, so their vector width does not matter for speed and they use the
 * host's preferred species (a {@code static final}, hence a JIT constant) whatever the GEMM width;
 * {@code vector = false} is the scalar path of {@code alexnet.simd.bits=0}. Lane-wise compare and
 * blend give bit-identical results to the scalar loops. Each names the reference method it agrees with.
 */
public final class Elementwise {
    private Elementwise() {}

    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;

    /** y[i] = x[i] > 0 ? x[i] : 0 (so NaN and -0 map to +0 as in the reference). ReferenceBackend.reluForward. y may be x. */
    public static void reluForward(float[] x, float[] y, int from, int to, boolean vector) {
        int i = from;
        if (vector) {
            FloatVector zero = FloatVector.zero(SP);
            // Compare-and-blend rather than a branch: ReLU inputs are positive about half the time at random.
            for (int bound = from + SP.loopBound(to - from); i < bound; i += SP.length()) {
                FloatVector v = FloatVector.fromArray(SP, x, i);
                VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
                zero.blend(v, pos).intoArray(y, i);
            }
        }
        for (; i < to; i++) {
            y[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    /** dx[i] = y[i] > 0 ? dy[i] : 0. ReferenceBackend.reluBackward. dx may be dy. */
    public static void reluBackward(float[] y, float[] dy, float[] dx, int from, int to, boolean vector) {
        int i = from;
        if (vector) {
            FloatVector zero = FloatVector.zero(SP);
            for (int bound = from + SP.loopBound(to - from); i < bound; i += SP.length()) {
                VectorMask<Float> pos = FloatVector.fromArray(SP, y, i).compare(VectorOperators.GT, 0f);
                zero.blend(FloatVector.fromArray(SP, dy, i), pos).intoArray(dx, i);
            }
        }
        for (; i < to; i++) {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    /** mask[i] = DropoutMask.multiplier(seed, i, p); y[i] = x[i] * mask[i]. ReferenceBackend.dropoutForward. */
    public static void dropoutForward(float p, long seed, float[] x, float[] mask, float[] y, int from, int to) {
        if (p == 0f) {
            for (int i = from; i < to; i++) {
                mask[i] = 1f;
                y[i] = x[i];
            }
            return;
        }
        for (int i = from; i < to; i++) {
            float m = DropoutMask.multiplier(seed, i, p);
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }

    /** dx[i] = dy[i] * mask[i]. ReferenceBackend.dropoutBackward. dx may be dy. */
    public static void mul(float[] a, float[] b, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = a[i] * b[i];
        }
    }

    /** v = momentum v - lr (g + wd w); w = w + v. ReferenceBackend.sgdUpdate. */
    public static void sgd(float[] w, float[] grad, float[] v, float lr, float momentum, float wd, int from, int to) {
        for (int i = from; i < to; i++) {
            float vi = momentum * v[i] - lr * (grad[i] + wd * w[i]);
            v[i] = vi;
            w[i] = w[i] + vi;
        }
    }

    /** out[from..to) = value. */
    public static void fill(float[] out, float value, int from, int to) {
        java.util.Arrays.fill(out, from, to, value);
    }

    /**
     * y[img0 + img, k, :] = ycol[k, img*plane ...] + b[k] for planes (img, k) in [from, to) of the
     * count*K planes of a chunk. ycol (K, count*plane) is convolution forward's GEMM output; y (N, K, plane).
     */
    public static void unfoldBias(float[] ycol, float[] b, float[] y, int img0, int count, int k, int plane,
                                  int from, int to) {
        final int cols = count * plane;
        for (int pl = from; pl < to; pl++) {
            int img = pl / k;
            int ch = pl - img * k;
            int src = ch * cols + img * plane;
            int dst = (img0 * k + pl) * plane;
            float bias = b[ch];
            for (int i = 0; i < plane; i++) {
                y[dst + i] = ycol[src + i] + bias;
            }
        }
    }

    /** db[k] += sum over img, pq of dy[img, k, pq], for channels [from, to). ReferenceBackend.convBackwardBias. */
    public static void convBias(float[] dy, float[] db, int n, int k, int plane, int from, int to) {
        for (int ch = from; ch < to; ch++) {
            double sum = 0;
            for (int img = 0; img < n; img++) {
                int o = (img * k + ch) * plane;
                float part = 0f;
                for (int i = 0; i < plane; i++) {
                    part += dy[o + i];
                }
                sum += part;
            }
            db[ch] += (float) sum;
        }
    }

    /** db[j] += sum over rows of dy[row, j] (dy is (n, out)), for columns [from, to). ReferenceBackend.fcBackward. */
    public static void columnSums(float[] dy, float[] db, int n, int out, int from, int to) {
        for (int j = from; j < to; j++) {
            double sum = 0;
            for (int row = 0; row < n; row++) {
                sum += dy[row * out + j];
            }
            db[j] += (float) sum;
        }
    }

    /** y (n, out): every row = b. FC forward then accumulates x w^T on top. */
    public static void fillRows(float[] y, float[] b, int n, int out) {
        for (int row = 0; row < n; row++) {
            System.arraycopy(b, 0, y, row * out, out);
        }
    }

    /**
     * Softmax cross-entropy over logits (n, classes), max-subtracted so exp never overflows, in double.
     * probs = softmax, dLogits = (probs - onehot) / n; either may be null. Returns the mean loss.
     * ReferenceBackend.softmaxCrossEntropy.
     */
    public static float softmaxCrossEntropy(float[] logits, int[] labels, int n, int classes, float[] probs, float[] dLogits) {
        double loss = 0;
        for (int row = 0; row < n; row++) {
            int o = row * classes;
            int label = labels[row];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of row " + row + " outside [0, " + classes + ")");
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, logits[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(logits[o + j] - max);
            }
            double logSum = Math.log(sum);
            // loss_row = -log p[label] = log(sum exp(z - max)) - (z[label] - max)
            loss += logSum - (logits[o + label] - max);
            for (int j = 0; j < classes; j++) {
                double pj = Math.exp(logits[o + j] - max - logSum);
                if (probs != null) {
                    probs[o + j] = (float) pj;
                }
                if (dLogits != null) {
                    dLogits[o + j] = (float) ((pj - (j == label ? 1.0 : 0.0)) / n);
                }
            }
        }
        return (float) (loss / n);
    }
}
