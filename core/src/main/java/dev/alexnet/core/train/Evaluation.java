// Forward-only pass over a set of images: mean loss and the confusion matrix.
package dev.alexnet.core.train;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;

/** The loss and confusion matrix of a model on some images of a dataset. */
public record Evaluation(double loss, ConfusionMatrix confusion) {

    public double accuracy() { return confusion.accuracy(); }

    public double precision() { return confusion.macroPrecision(); }

    /**
     * Evaluates {@code model} (dropout off) on images {@code order[0 .. count)}. Batches are the model's
     * size; the last one is padded and its padding ignored. The loss is computed on the host from the
     * logits in double precision (stable log-sum-exp), so padded rows cannot leak into it.
     */
    public static Evaluation of(AlexNet model, InputPipeline pipeline, Dataset ds, int[] order, int count) {
        Backend be = model.backend();
        int b = model.batchSize(), classes = model.config().classes();
        float[] in = new float[b * pipeline.imageSize()];
        int[] labels = new int[b];
        float[] logits = new float[b * classes];
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        double lossSum = 0;
        for (int from = 0; from < count; from += b) {
            int n = Math.min(b, count - from);
            pipeline.fill(ds, order, from, n, b, in, labels);
            be.copyIn(in, model.input());
            Tensor out = model.forward(false);
            be.copyOut(out, logits);
            for (int i = 0; i < n; i++) {
                lossSum += crossEntropy(logits, i * classes, classes, labels[i]);
                cm.add(labels[i], argmax(logits, i * classes, classes));
            }
        }
        return new Evaluation(count == 0 ? Double.NaN : lossSum / count, cm);
    }

    /** -log softmax(z)[label] over z[off .. off + classes), stable. */
    static double crossEntropy(float[] z, int off, int classes, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) max = Math.max(max, z[off + j]);
        double sum = 0;
        for (int j = 0; j < classes; j++) sum += Math.exp(z[off + j] - max);
        return Math.log(sum) - (z[off + label] - max);
    }

    static int argmax(float[] z, int off, int classes) {
        int best = 0;
        for (int j = 1; j < classes; j++) if (z[off + j] > z[off + best]) best = j;
        return best;
    }
}
