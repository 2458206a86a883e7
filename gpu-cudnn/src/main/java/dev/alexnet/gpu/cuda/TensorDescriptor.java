// A cuDNN 4-D float32 NCHW tensor descriptor.
package dev.alexnet.gpu.cuda;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.nativebind.cudnn.Cudnn;

/** cudnnTensorDescriptor_t for a float32 NCHW tensor of fixed (n, c, h, w). */
public final class TensorDescriptor extends NativeHandle {
    private final Shape shape;

    public TensorDescriptor(Shape shape) {
        super(Cudnn::cudnnCreateTensorDescriptor, "cudnnCreateTensorDescriptor",
                Cudnn::cudnnDestroyTensorDescriptor, "cudnnDestroyTensorDescriptor");
        this.shape = shape;
        configure(Cudnn.cudnnSetTensor4dDescriptor(handle(), Cudnn.CUDNN_TENSOR_NCHW(), Cudnn.CUDNN_DATA_FLOAT(),
                shape.n(), shape.c(), shape.h(), shape.w()), "cudnnSetTensor4dDescriptor");
    }

    public Shape shape() { return shape; }
}
