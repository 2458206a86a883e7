// A cuDNN element-wise operation descriptor (float32 multiply or add).
package dev.alexnet.gpu.cuda;

import dev.alexnet.nativebind.cudnn.Cudnn;

/** cudnnOpTensorDescriptor_t for C = op(alpha1 A, alpha2 B) + beta C in float32. */
public final class OpTensorDescriptor extends NativeHandle {
    public enum Op { ADD, MUL }

    public OpTensorDescriptor(Op op) {
        super(Cudnn::cudnnCreateOpTensorDescriptor, "cudnnCreateOpTensorDescriptor",
                Cudnn::cudnnDestroyOpTensorDescriptor, "cudnnDestroyOpTensorDescriptor");
        configure(Cudnn.cudnnSetOpTensorDescriptor(handle(),
                op == Op.ADD ? Cudnn.CUDNN_OP_TENSOR_ADD() : Cudnn.CUDNN_OP_TENSOR_MUL(),
                Cudnn.CUDNN_DATA_FLOAT(), Cudnn.CUDNN_NOT_PROPAGATE_NAN()), "cudnnSetOpTensorDescriptor");
    }
}
