// Local response normalization across channels, with the paper's constants and the paper's alpha convention.
package dev.alexnet.core.shape;

/**
 * Krizhevsky et al. 2012, section 3.3:
 *
 * <pre>
 * b[c] = a[c] / (k + alpha * sum_{j = max(0, c - n/2)}^{min(C - 1, c + n/2)} a[j]^2) ^ beta
 * </pre>
 *
 * with n = 5, k = 2, alpha = 1e-4, beta = 0.75. The sum runs over the {@code size} channels centred
 * on c, clipped at the first and last channel (no wrap-around, no zero padding counted in).
 *
 * <p><b>Alpha convention.</b> Here alpha multiplies the plain sum, as in the paper. Caffe, PyTorch
 * ({@code nn.LocalResponseNorm}) and cuDNN divide alpha by n, so their alpha is {@code n} times ours:
 * this layer equals PyTorch's {@code LocalResponseNorm(size=5, alpha=5e-4, beta=0.75, k=2)}.
 * {@link #alphaOverN()} gives the value to hand to such libraries.
 */
public record LrnParams(int size, double alpha, double beta, double k) {
    /** The paper's constants: n=5, alpha=1e-4, beta=0.75, k=2. */
    public static final LrnParams PAPER = new LrnParams(5, 1e-4, 0.75, 2.0);

    public LrnParams {
        if (size <= 0 || size % 2 == 0) {
            throw new IllegalArgumentException("LRN size must be odd and positive: " + size);
        }
        if (alpha < 0 || beta < 0 || k <= 0) {
            throw new IllegalArgumentException("LRN needs alpha >= 0, beta >= 0, k > 0");
        }
    }

    /** Half window: channels c - half .. c + half are summed. */
    public int half() { return size / 2; }

    /** Alpha in the divide-by-n convention of Caffe, PyTorch and cuDNN: {@code alpha * size}. */
    public double alphaOverN() { return alpha * size; }
}
