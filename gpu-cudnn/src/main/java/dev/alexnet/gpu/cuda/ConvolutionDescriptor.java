// A cuDNN 2-D cross-correlation descriptor: padding, stride, groups and the math type (FMA only, or TF32 allowed).
package dev.alexnet.gpu.cuda;

import dev.alexnet.nativebind.cudnn.Cudnn;

/** cudnnConvolutionDescriptor_t: float32 cross-correlation, no dilation. */
public final class ConvolutionDescriptor extends NativeHandle {
    /**
     * @param tf32 false: CUDNN_FMA_MATH (strict float32, no tensor cores); true: CUDNN_DEFAULT_MATH,
     *             which lets cuDNN use TF32 tensor cores for float32 data on Ampere and later
     */
    public ConvolutionDescriptor(int padH, int padW, int strideH, int strideW, int groups, boolean tf32) {
        super(Cudnn::cudnnCreateConvolutionDescriptor, "cudnnCreateConvolutionDescriptor",
                Cudnn::cudnnDestroyConvolutionDescriptor, "cudnnDestroyConvolutionDescriptor");
        configure(Cudnn.cudnnSetConvolution2dDescriptor(handle(), padH, padW, strideH, strideW, 1, 1,
                Cudnn.CUDNN_CROSS_CORRELATION(), Cudnn.CUDNN_DATA_FLOAT()), "cudnnSetConvolution2dDescriptor");
        configure(Cudnn.cudnnSetConvolutionGroupCount(handle(), groups), "cudnnSetConvolutionGroupCount");
        configure(Cudnn.cudnnSetConvolutionMathType(handle(), tf32 ? Cudnn.CUDNN_DEFAULT_MATH() : Cudnn.CUDNN_FMA_MATH()),
                "cudnnSetConvolutionMathType");
    }
}
