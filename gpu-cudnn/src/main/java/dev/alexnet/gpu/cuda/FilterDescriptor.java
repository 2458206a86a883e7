// A cuDNN float32 filter descriptor (K, C/G, R, S).
package dev.alexnet.gpu.cuda;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.nativebind.cudnn.Cudnn;

/** cudnnFilterDescriptor_t for float32 filters (K, C per group, R, S), NCHW order. */
public final class FilterDescriptor extends NativeHandle {
    public FilterDescriptor(Shape kcrs) {
        super(Cudnn::cudnnCreateFilterDescriptor, "cudnnCreateFilterDescriptor",
                Cudnn::cudnnDestroyFilterDescriptor, "cudnnDestroyFilterDescriptor");
        // Note cuDNN's argument order here: data type before format.
        configure(Cudnn.cudnnSetFilter4dDescriptor(handle(), Cudnn.CUDNN_DATA_FLOAT(), Cudnn.CUDNN_TENSOR_NCHW(),
                kcrs.n(), kcrs.c(), kcrs.h(), kcrs.w()), "cudnnSetFilter4dDescriptor");
    }
}
