// A cuDNN cross-channel LRN descriptor, built from the paper's parameters.
package dev.alexnet.gpu.cuda;

import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.nativebind.cudnn.Cudnn;

/**
 * cudnnLRNDescriptor_t. cuDNN computes {@code y = x / (k + alpha / n * sum x^2)^beta}, dividing its
 * alpha by the window size n, so it is handed {@link LrnParams#alphaOverN()} (the paper's alpha times n).
 */
public final class LrnDescriptor extends NativeHandle {
    public LrnDescriptor(LrnParams p) {
        super(Cudnn::cudnnCreateLRNDescriptor, "cudnnCreateLRNDescriptor",
                Cudnn::cudnnDestroyLRNDescriptor, "cudnnDestroyLRNDescriptor");
        configure(Cudnn.cudnnSetLRNDescriptor(handle(), p.size(), p.alphaOverN(), p.beta(), p.k()), "cudnnSetLRNDescriptor");
    }
}
