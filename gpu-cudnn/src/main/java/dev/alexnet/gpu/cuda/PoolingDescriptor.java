// A cuDNN deterministic max-pooling descriptor, no padding.
package dev.alexnet.gpu.cuda;

import dev.alexnet.nativebind.cudnn.Cudnn;

/** cudnnPoolingDescriptor_t: CUDNN_POOLING_MAX_DETERMINISTIC over size x size windows moved by stride. */
public final class PoolingDescriptor extends NativeHandle {
    public PoolingDescriptor(int size, int stride) {
        super(Cudnn::cudnnCreatePoolingDescriptor, "cudnnCreatePoolingDescriptor",
                Cudnn::cudnnDestroyPoolingDescriptor, "cudnnDestroyPoolingDescriptor");
        configure(Cudnn.cudnnSetPooling2dDescriptor(handle(), Cudnn.CUDNN_POOLING_MAX_DETERMINISTIC(),
                Cudnn.CUDNN_NOT_PROPAGATE_NAN(), size, size, 0, 0, stride, stride), "cudnnSetPooling2dDescriptor");
    }
}
