// The operations AlexNet needs, each forward next to its backward. Implemented by reference, cpu and gpu.
package dev.alexnet.core.spi;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;

/**
 * A compute backend. It owns its tensors: {@link #allocate} creates them, {@link #copyIn} and
 * {@link #copyOut} are the only ways data crosses between the host and the backend's memory, and
 * every op takes tensors of this backend only. All tensors are float32, NCHW, row-major.
 *
 * <p>Conventions shared by every op:
 * <ul>
 *   <li>Activations and input gradients ({@code y}, {@code dx}) are overwritten (cuDNN's beta = 0).</li>
 *   <li>Parameter gradients ({@code dw}, {@code db}) are <b>added into</b> (beta = 1): the model
 *       zeroes them once per step, so a layer may contribute several times.</li>
 *   <li>Shapes are checked at this boundary: a mismatch throws {@link IllegalArgumentException}.</li>
 *   <li>Gradients are of the mean loss over the batch (softmax cross-entropy divides by N).</li>
 * </ul>
 * The {@code reference} backend in core is the definition of each op's result; other backends must
 * agree with it within float32 tolerances.
 */
public interface Backend extends AutoCloseable {

    /** The provider name of this backend ("reference", "cpu", "gpu"). */
    String name();

    /** A one-line description for logs: device, threads, vector width ... */
    String describe();

    // ---- memory -------------------------------------------------------------------------------

    /** Allocates a zero-filled tensor. */
    Tensor allocate(Shape shape);

    /** Copies {@code src} (length == dst.size()) into the tensor. */
    void copyIn(float[] src, Tensor dst);

    /** Copies the tensor into {@code dst} (length == src.size()). */
    void copyOut(Tensor src, float[] dst);

    /** Sets every element to {@code value}. */
    void fill(Tensor t, float value);

    // ---- convolution: x [n,c,h,w], w [k,c/g,r,s], b [k], y [n,k,oh,ow] --------------------------

    /** y = conv(x, w) + b. */
    void convForward(ConvGeom g, Tensor x, Tensor w, Tensor b, Tensor y);

    /** dx = gradient of the loss w.r.t. x, given dy [n,k,oh,ow] and w. */
    void convBackwardData(ConvGeom g, Tensor dy, Tensor w, Tensor dx);

    /** dw += gradient w.r.t. the filters, given x and dy, summed over the batch (accumulates). */
    void convBackwardFilter(ConvGeom g, Tensor x, Tensor dy, Tensor dw);

    /** db[k] += sum of dy over n, oh, ow (accumulates). */
    void convBackwardBias(ConvGeom g, Tensor dy, Tensor db);

    // ---- fully connected: x [n,in], w [out,in] (PyTorch layout), b [out], y [n,out] ---------------

    /** y = x w^T + b. */
    void fcForward(Tensor x, Tensor w, Tensor b, Tensor y);

    /**
     * Backward of {@link #fcForward}: dw += dy^T x and db += column sums of dy (both accumulate),
     * and dx = dy w (overwritten) when {@code dx} is not null (the first layer needs no input gradient).
     */
    void fcBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db);

    // ---- ReLU ---------------------------------------------------------------------------------

    /** y = max(x, 0). {@code y} may be {@code x} (in place). */
    void reluForward(Tensor x, Tensor y);

    /** dx = dy where y > 0, else 0; {@code y} is the forward output. {@code dx} may be {@code dy}. */
    void reluBackward(Tensor y, Tensor dy, Tensor dx);

    // ---- local response normalization across channels (see LrnParams for the formula) ----------

    /**
     * y = x / scale^beta with scale = k + alpha * (sum of x^2 over the window), saved in
     * {@code scale} (same shape as x) for the backward pass.
     */
    void lrnForward(LrnParams p, Tensor x, Tensor y, Tensor scale);

    /** dx from dy, using the forward's x, y and scale. */
    void lrnBackward(LrnParams p, Tensor x, Tensor y, Tensor scale, Tensor dy, Tensor dx);

    // ---- max pooling --------------------------------------------------------------------------

    /** y = max over each window of x. */
    void maxPoolForward(PoolGeom g, Tensor x, Tensor y);

    /**
     * dx = dy routed to the maximum of each window. Where several positions of one window hold the
     * maximum, the whole gradient goes to the first of them in row-major order (never split or
     * duplicated). Windows overlap, so one x position can collect gradient from several windows.
     */
    void maxPoolBackward(PoolGeom g, Tensor x, Tensor y, Tensor dy, Tensor dx);

    // ---- inverted dropout ---------------------------------------------------------------------

    /**
     * mask[i] = {@link DropoutMask#multiplier}(seed, i, p), y = x * mask. {@code y} may be {@code x}.
     * With p = 0 the mask is all ones.
     */
    void dropoutForward(float p, long seed, Tensor x, Tensor mask, Tensor y);

    /** dx = dy * mask. {@code dx} may be {@code dy}. */
    void dropoutBackward(Tensor mask, Tensor dy, Tensor dx);

    // ---- loss ---------------------------------------------------------------------------------

    /**
     * Numerically stable softmax and cross-entropy over logits [n, classes].
     * Writes probs = softmax(logits) and dLogits = (probs - onehot(labels)) / n, and returns the mean
     * loss over the batch. Either output may be null when not needed (evaluation skips dLogits).
     */
    float softmaxCrossEntropy(Tensor logits, int[] labels, Tensor probs, Tensor dLogits);

    // ---- optimizer ----------------------------------------------------------------------------

    /**
     * SGD with momentum and weight decay, as in the paper (section 5):
     * v = momentum v - lr (grad + weightDecay w); w = w + v.
     */
    void sgdUpdate(Tensor w, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay);

    /** Releases everything the backend holds (pools, native handles). */
    @Override
    void close();
}
