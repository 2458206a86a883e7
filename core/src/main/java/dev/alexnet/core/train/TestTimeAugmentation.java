// Test-time augmentation: each image is scored by the mean of the softmax probabilities of itself and its mirror image.
package dev.alexnet.core.train;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;

/**
 * The paper averaged the predictions of ten patches (section 4.1); here the two that keep the whole image:
 * the image and its left-right mirror. Probabilities are averaged (not logits), so the loss stays a proper
 * cross-entropy of the averaged distribution: {@code -log((softmax(z) + softmax(z_mirror)) / 2)[label]}.
 */
public final class TestTimeAugmentation {
    private TestTimeAugmentation() {}

    /**
     * {@link Evaluation#of} with flip averaging: two forward passes per batch (dropout off), images
     * {@code order[0 .. count)}, padded last batch ignored.
     */
    public static Evaluation evaluate(AlexNet model, InputPipeline pipeline, Dataset ds, int[] order, int count) {
        Backend be = model.backend();
        int b = model.batchSize(), classes = model.config().classes();
        float[] in = new float[b * pipeline.imageSize()];
        int[] labels = new int[b];
        float[] logits = new float[b * classes], mirrored = new float[b * classes];
        double[] probs = new double[b * classes];
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        double lossSum = 0;
        for (int from = 0; from < count; from += b) {
            int n = Math.min(b, count - from);
            pipeline.fill(ds, order, from, n, b, in, labels);
            be.copyIn(in, model.input());
            Tensor out = model.forward(false);
            be.copyOut(out, logits);
            pipeline.mirror(in, n);
            be.copyIn(in, model.input());
            out = model.forward(false);
            be.copyOut(out, mirrored);
            averageProbabilities(logits, mirrored, n, classes, probs);
            for (int i = 0; i < n; i++) {
                lossSum += -Math.log(probs[i * classes + labels[i]]);
                cm.add(labels[i], argmax(probs, i * classes, classes));
            }
        }
        return new Evaluation(count == 0 ? Double.NaN : lossSum / count, cm);
    }

    /**
     * out[i, j] = (softmax(a[i, :])[j] + softmax(b[i, :])[j]) / 2 for the first {@code n} rows of the
     * (rows, classes) logit matrices {@code a} and {@code b}; each softmax is computed in double, max-shifted.
     */
    public static void averageProbabilities(float[] a, float[] b, int n, int classes, double[] out) {
        for (int i = 0; i < n; i++) {
            int o = i * classes;
            softmaxInto(a, o, classes, out, 0.5, false);
            softmaxInto(b, o, classes, out, 0.5, true);
        }
    }

    /** out[off + j] (=|+=) weight * softmax(z[off .. off+classes))[j]. */
    private static void softmaxInto(float[] z, int off, int classes, double[] out, double weight, boolean add) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) max = Math.max(max, z[off + j]);
        double sum = 0;
        for (int j = 0; j < classes; j++) sum += Math.exp(z[off + j] - max);
        for (int j = 0; j < classes; j++) {
            double p = weight * Math.exp(z[off + j] - max) / sum;
            out[off + j] = add ? out[off + j] + p : p;
        }
    }

    /** The first index of the largest value (ties go to the lower class, as {@link Evaluation#argmax}). */
    static int argmax(double[] p, int off, int classes) {
        int best = 0;
        for (int j = 1; j < classes; j++) if (p[off + j] > p[off + best]) best = j;
        return best;
    }
}
