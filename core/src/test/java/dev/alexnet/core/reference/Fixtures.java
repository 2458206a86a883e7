// Test helpers for the reference backend: seeded random arrays, tensors from literals, central differences.
package dev.alexnet.core.reference;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Small helpers shared by the reference backend's tests. Everything random is seeded by the caller. */
final class Fixtures {
    private Fixtures() {}

    /** Uniform values in [-scale, scale). */
    static float[] uniform(SplittableRandom rnd, int size, double scale) {
        float[] a = new float[size];
        for (int i = 0; i < a.length; i++) a[i] = (float) (scale * (2 * rnd.nextDouble() - 1));
        return a;
    }

    /** Uniform values in [-scale, scale) with |value| >= gap (kept away from 0, e.g. for ReLU's kink). */
    static float[] awayFromZero(SplittableRandom rnd, int size, double scale, double gap) {
        float[] a = new float[size];
        for (int i = 0; i < a.length; i++) {
            double m = gap + (scale - gap) * rnd.nextDouble();
            a[i] = (float) (rnd.nextBoolean() ? m : -m);
        }
        return a;
    }

    /** A random permutation of {0, step, 2 step, ...}: distinct values, at least {@code step} apart. */
    static float[] distinct(SplittableRandom rnd, int size, float step) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (i - size / 2) * step;
        for (int i = size - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            float t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    static float[] filled(int size, float value) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** A tensor of the backend holding {@code values}. */
    static Tensor tensor(Backend be, Shape shape, float... values) {
        Tensor t = be.allocate(shape);
        be.copyIn(values, t);
        return t;
    }

    static float[] read(Backend be, Tensor t) {
        float[] a = new float[t.size()];
        be.copyOut(t, a);
        return a;
    }

    /** sum_i g[i] * out[i] in double: the random projection loss whose gradient w.r.t. out is g. */
    static double project(float[] g, float[] out) {
        double sum = 0;
        for (int i = 0; i < g.length; i++) sum += (double) g[i] * out[i];
        return sum;
    }

    static float[] add(float[] a, float value) {
        float[] b = a.clone();
        for (int i = 0; i < b.length; i++) b[i] += value;
        return b;
    }

    /**
     * Central differences dL/dx[i] = (L(x + e) - L(x - e)) / (x+e - (x-e)), one element at a time, with
     * e = relEps * max(1, |x[i]|). The denominator is the actual float spacing of the two perturbed
     * inputs, and L is evaluated in double, so only the forward's float rounding limits the accuracy.
     */
    static float[] numericGradient(float[] x, double relEps, ToDoubleFunction<float[]> loss) {
        float[] grad = new float[x.length];
        float[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            double e = relEps * Math.max(1.0, Math.abs(x[i]));
            float plus = (float) (x[i] + e), minus = (float) (x[i] - e);
            probe[i] = plus;
            double lp = loss.applyAsDouble(probe);
            probe[i] = minus;
            double lm = loss.applyAsDouble(probe);
            probe[i] = x[i];
            grad[i] = (float) ((lp - lm) / ((double) plus - minus));
        }
        return grad;
    }
}
