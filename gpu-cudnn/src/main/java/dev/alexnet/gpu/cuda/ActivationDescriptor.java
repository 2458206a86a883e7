// A cuDNN ReLU activation descriptor.
package dev.alexnet.gpu.cuda;

import dev.alexnet.nativebind.cudnn.Cudnn;

/** cudnnActivationDescriptor_t for ReLU; NaN is not propagated (max(NaN, 0) is 0, as in the reference). */
public final class ActivationDescriptor extends NativeHandle {
    public ActivationDescriptor() {
        super(Cudnn::cudnnCreateActivationDescriptor, "cudnnCreateActivationDescriptor",
                Cudnn::cudnnDestroyActivationDescriptor, "cudnnDestroyActivationDescriptor");
        configure(Cudnn.cudnnSetActivationDescriptor(handle(), Cudnn.CUDNN_ACTIVATION_RELU(),
                Cudnn.CUDNN_NOT_PROPAGATE_NAN(), 0.0), "cudnnSetActivationDescriptor");
    }
}
