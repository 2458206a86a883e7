// A cuDNN handle and the cuDNN calls the backend makes, each checked, with alpha/beta passed as host floats.
package dev.alexnet.gpu.cuda;

import static dev.alexnet.gpu.cuda.CudaCheck.check;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.alexnet.nativebind.cudnn.Cudnn;
import dev.alexnet.nativebind.cudnn.cudnnConvolutionBwdDataAlgoPerfStruct;
import dev.alexnet.nativebind.cudnn.cudnnConvolutionBwdFilterAlgoPerfStruct;
import dev.alexnet.nativebind.cudnn.cudnnConvolutionFwdAlgoPerfStruct;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * cudnnHandle_t on the current device and default stream. Like the handle itself, an instance is for
 * one thread at a time: the alpha/beta scalars live in one small block reused by every call.
 * Every method is one cuDNN function of the same name (without the "cudnn" prefix); descriptor and
 * buffer arguments keep cuDNN's order.
 */
public final class CudnnHandle extends NativeHandle {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment scalars = arena.allocate(JAVA_FLOAT, 4); // alpha, beta, alpha2, value

    public CudnnHandle() {
        super(Cudnn::cudnnCreate, "cudnnCreate", Cudnn::cudnnDestroy, "cudnnDestroy");
    }

    /** cuDNN's version, e.g. 90600 for 9.6.0 (needs the library loaded, not a handle). */
    public static long version() {
        return Cudnn.cudnnGetVersion();
    }

    /** "9.6.0" from 90600. */
    public static String versionString(long v) {
        return (v / 10000) + "." + (v % 10000) / 100 + "." + v % 100;
    }

    private MemorySegment alpha(float a) { scalars.setAtIndex(JAVA_FLOAT, 0, a); return scalars; }

    private MemorySegment beta(float b) {
        scalars.setAtIndex(JAVA_FLOAT, 1, b);
        return scalars.asSlice(Float.BYTES, Float.BYTES);
    }

    private MemorySegment alpha2(float a) {
        scalars.setAtIndex(JAVA_FLOAT, 2, a);
        return scalars.asSlice(2L * Float.BYTES, Float.BYTES);
    }

    private static MemorySegment ws(DeviceBuffer workspace) {
        return workspace == null ? MemorySegment.NULL : workspace.ptr();
    }

    private static long wsBytes(DeviceBuffer workspace) {
        return workspace == null ? 0 : workspace.bytes();
    }

    // ---- element-wise --------------------------------------------------------------------------

    /** C = alpha A + beta C, A broadcast over C's dimensions where A's are 1 (bias add). */
    public void addTensor(float alpha, TensorDescriptor aDesc, DeviceBuffer a, float beta, TensorDescriptor cDesc, DeviceBuffer c) {
        check(Cudnn.cudnnAddTensor(handle(), alpha(alpha), aDesc.handle(), a.ptr(), beta(beta), cDesc.handle(), c.ptr()),
                "cudnnAddTensor");
    }

    /** Every element of y = value. */
    public void setTensor(TensorDescriptor yDesc, DeviceBuffer y, float value) {
        scalars.setAtIndex(JAVA_FLOAT, 3, value);
        check(Cudnn.cudnnSetTensor(handle(), yDesc.handle(), y.ptr(), scalars.asSlice(3L * Float.BYTES, Float.BYTES)),
                "cudnnSetTensor");
    }

    /** C = op(alpha1 A, alpha2 B) + beta C; C may be A (in place). */
    public void opTensor(OpTensorDescriptor op, float alpha1, TensorDescriptor aDesc, DeviceBuffer a,
                         float alpha2, TensorDescriptor bDesc, DeviceBuffer b,
                         float beta, TensorDescriptor cDesc, DeviceBuffer c) {
        check(Cudnn.cudnnOpTensor(handle(), op.handle(), alpha(alpha1), aDesc.handle(), a.ptr(), alpha2(alpha2),
                bDesc.handle(), b.ptr(), beta(beta), cDesc.handle(), c.ptr()), "cudnnOpTensor");
    }

    // ---- activation, LRN, pooling, softmax -----------------------------------------------------

    public void activationForward(ActivationDescriptor act, TensorDescriptor xDesc, DeviceBuffer x,
                                  float beta, TensorDescriptor yDesc, DeviceBuffer y) {
        check(Cudnn.cudnnActivationForward(handle(), act.handle(), alpha(1f), xDesc.handle(), x.ptr(), beta(beta),
                yDesc.handle(), y.ptr()), "cudnnActivationForward");
    }

    public void activationBackward(ActivationDescriptor act, TensorDescriptor yDesc, DeviceBuffer y,
                                   TensorDescriptor dyDesc, DeviceBuffer dy, TensorDescriptor xDesc, DeviceBuffer x,
                                   float beta, TensorDescriptor dxDesc, DeviceBuffer dx) {
        check(Cudnn.cudnnActivationBackward(handle(), act.handle(), alpha(1f), yDesc.handle(), y.ptr(), dyDesc.handle(),
                dy.ptr(), xDesc.handle(), x.ptr(), beta(beta), dxDesc.handle(), dx.ptr()), "cudnnActivationBackward");
    }

    public void lrnCrossChannelForward(LrnDescriptor lrn, TensorDescriptor xDesc, DeviceBuffer x,
                                       float beta, TensorDescriptor yDesc, DeviceBuffer y) {
        check(Cudnn.cudnnLRNCrossChannelForward(handle(), lrn.handle(), Cudnn.CUDNN_LRN_CROSS_CHANNEL_DIM1(), alpha(1f),
                xDesc.handle(), x.ptr(), beta(beta), yDesc.handle(), y.ptr()), "cudnnLRNCrossChannelForward");
    }

    public void lrnCrossChannelBackward(LrnDescriptor lrn, TensorDescriptor yDesc, DeviceBuffer y,
                                        TensorDescriptor dyDesc, DeviceBuffer dy, TensorDescriptor xDesc, DeviceBuffer x,
                                        float beta, TensorDescriptor dxDesc, DeviceBuffer dx) {
        check(Cudnn.cudnnLRNCrossChannelBackward(handle(), lrn.handle(), Cudnn.CUDNN_LRN_CROSS_CHANNEL_DIM1(), alpha(1f),
                yDesc.handle(), y.ptr(), dyDesc.handle(), dy.ptr(), xDesc.handle(), x.ptr(), beta(beta),
                dxDesc.handle(), dx.ptr()), "cudnnLRNCrossChannelBackward");
    }

    public void poolingForward(PoolingDescriptor pool, TensorDescriptor xDesc, DeviceBuffer x,
                               float beta, TensorDescriptor yDesc, DeviceBuffer y) {
        check(Cudnn.cudnnPoolingForward(handle(), pool.handle(), alpha(1f), xDesc.handle(), x.ptr(), beta(beta),
                yDesc.handle(), y.ptr()), "cudnnPoolingForward");
    }

    public void poolingBackward(PoolingDescriptor pool, TensorDescriptor yDesc, DeviceBuffer y,
                                TensorDescriptor dyDesc, DeviceBuffer dy, TensorDescriptor xDesc, DeviceBuffer x,
                                float beta, TensorDescriptor dxDesc, DeviceBuffer dx) {
        check(Cudnn.cudnnPoolingBackward(handle(), pool.handle(), alpha(1f), yDesc.handle(), y.ptr(), dyDesc.handle(),
                dy.ptr(), xDesc.handle(), x.ptr(), beta(beta), dxDesc.handle(), dx.ptr()), "cudnnPoolingBackward");
    }

    /** Accurate (max-subtracted) softmax over each image's C x H x W values. */
    public void softmaxForward(TensorDescriptor xDesc, DeviceBuffer x, TensorDescriptor yDesc, DeviceBuffer y) {
        check(Cudnn.cudnnSoftmaxForward(handle(), Cudnn.CUDNN_SOFTMAX_ACCURATE(), Cudnn.CUDNN_SOFTMAX_MODE_INSTANCE(),
                alpha(1f), xDesc.handle(), x.ptr(), beta(0f), yDesc.handle(), y.ptr()), "cudnnSoftmaxForward");
    }

    // ---- convolution ---------------------------------------------------------------------------

    public void convolutionForward(TensorDescriptor xDesc, DeviceBuffer x, FilterDescriptor wDesc, DeviceBuffer w,
                                   ConvolutionDescriptor conv, ConvAlgo algo, DeviceBuffer workspace,
                                   float beta, TensorDescriptor yDesc, DeviceBuffer y) {
        check(Cudnn.cudnnConvolutionForward(handle(), alpha(1f), xDesc.handle(), x.ptr(), wDesc.handle(), w.ptr(),
                conv.handle(), algo.algo(), ws(workspace), wsBytes(workspace), beta(beta), yDesc.handle(), y.ptr()),
                "cudnnConvolutionForward");
    }

    public void convolutionBackwardData(FilterDescriptor wDesc, DeviceBuffer w, TensorDescriptor dyDesc, DeviceBuffer dy,
                                        ConvolutionDescriptor conv, ConvAlgo algo, DeviceBuffer workspace,
                                        float beta, TensorDescriptor dxDesc, DeviceBuffer dx) {
        check(Cudnn.cudnnConvolutionBackwardData(handle(), alpha(1f), wDesc.handle(), w.ptr(), dyDesc.handle(), dy.ptr(),
                conv.handle(), algo.algo(), ws(workspace), wsBytes(workspace), beta(beta), dxDesc.handle(), dx.ptr()),
                "cudnnConvolutionBackwardData");
    }

    public void convolutionBackwardFilter(TensorDescriptor xDesc, DeviceBuffer x, TensorDescriptor dyDesc, DeviceBuffer dy,
                                          ConvolutionDescriptor conv, ConvAlgo algo, DeviceBuffer workspace,
                                          float beta, FilterDescriptor dwDesc, DeviceBuffer dw) {
        check(Cudnn.cudnnConvolutionBackwardFilter(handle(), alpha(1f), xDesc.handle(), x.ptr(), dyDesc.handle(), dy.ptr(),
                conv.handle(), algo.algo(), ws(workspace), wsBytes(workspace), beta(beta), dwDesc.handle(), dw.ptr()),
                "cudnnConvolutionBackwardFilter");
    }

    /** db = alpha * (sum of dy over n, h, w) + beta db. */
    public void convolutionBackwardBias(TensorDescriptor dyDesc, DeviceBuffer dy, float beta, TensorDescriptor dbDesc, DeviceBuffer db) {
        check(Cudnn.cudnnConvolutionBackwardBias(handle(), alpha(1f), dyDesc.handle(), dy.ptr(), beta(beta),
                dbDesc.handle(), db.ptr()), "cudnnConvolutionBackwardBias");
    }

    // ---- algorithm selection -------------------------------------------------------------------
    // Each picks the first (fastest-ranked) result that succeeded, fits the workspace limit and, unless
    // TF32 is allowed, runs without tensor-op math; then asks cuDNN for that algorithm's workspace size.
    // A candidate whose size query fails is skipped for the next one.

    private static final int REQUESTED = 16; // more than cuDNN 9 has algorithms of any kind

    /** One ranked perf result, read out of any of the three perf structs. */
    private record Candidate(int algo, int status, long memory, int mathType, boolean deterministic) {}

    /** The workspace-size query of one pass, for one algorithm. */
    private interface SizeQuery {
        int query(int algo, MemorySegment size);
    }

    private ConvAlgo choose(String pass, Candidate[] ranked, SizeQuery sizeQuery, String sizeCall,
                            long workspaceLimit, boolean tf32) {
        CudaException lastFailure = null;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            for (Candidate c : ranked) {
                if (!acceptable(c.status(), c.mathType(), c.memory(), workspaceLimit, tf32)) continue;
                int status = sizeQuery.query(c.algo(), size);
                if (status != 0) {
                    lastFailure = CudaCheck.exception(status, sizeCall);
                    continue;
                }
                return new ConvAlgo(c.algo(), size.get(JAVA_LONG, 0), c.mathType(), c.deterministic());
            }
        }
        IllegalStateException e = new IllegalStateException("cuDNN offers no usable " + pass
                + " convolution algorithm within a workspace of " + workspaceLimit + " bytes (raise -Dalexnet.gpu.workspace.mib)");
        if (lastFailure != null) e.addSuppressed(lastFailure);
        throw e;
    }

    public ConvAlgo forwardAlgorithm(TensorDescriptor xDesc, FilterDescriptor wDesc, ConvolutionDescriptor conv,
                                     TensorDescriptor yDesc, ConvSearch search, long workspaceLimit, boolean tf32) {
        Candidate[] ranked;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            MemorySegment perf = cudnnConvolutionFwdAlgoPerfStruct.allocateArray(REQUESTED, a);
            if (search == ConvSearch.FIND) {
                check(Cudnn.cudnnFindConvolutionForwardAlgorithm(handle(), xDesc.handle(), wDesc.handle(), conv.handle(),
                        yDesc.handle(), REQUESTED, count, perf), "cudnnFindConvolutionForwardAlgorithm");
            } else {
                check(Cudnn.cudnnGetConvolutionForwardAlgorithm_v7(handle(), xDesc.handle(), wDesc.handle(), conv.handle(),
                        yDesc.handle(), REQUESTED, count, perf), "cudnnGetConvolutionForwardAlgorithm_v7");
            }
            ranked = new Candidate[count.get(JAVA_INT, 0)];
            for (int i = 0; i < ranked.length; i++) {
                MemorySegment r = cudnnConvolutionFwdAlgoPerfStruct.asSlice(perf, i);
                ranked[i] = new Candidate(cudnnConvolutionFwdAlgoPerfStruct.algo(r), cudnnConvolutionFwdAlgoPerfStruct.status(r),
                        cudnnConvolutionFwdAlgoPerfStruct.memory(r), cudnnConvolutionFwdAlgoPerfStruct.mathType(r),
                        cudnnConvolutionFwdAlgoPerfStruct.determinism(r) == Cudnn.CUDNN_DETERMINISTIC());
            }
        }
        return choose("forward", ranked, (algo, size) -> Cudnn.cudnnGetConvolutionForwardWorkspaceSize(handle(),
                xDesc.handle(), wDesc.handle(), conv.handle(), yDesc.handle(), algo, size),
                "cudnnGetConvolutionForwardWorkspaceSize", workspaceLimit, tf32);
    }

    public ConvAlgo backwardDataAlgorithm(FilterDescriptor wDesc, TensorDescriptor dyDesc, ConvolutionDescriptor conv,
                                          TensorDescriptor dxDesc, ConvSearch search, long workspaceLimit, boolean tf32) {
        Candidate[] ranked;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            MemorySegment perf = cudnnConvolutionBwdDataAlgoPerfStruct.allocateArray(REQUESTED, a);
            if (search == ConvSearch.FIND) {
                check(Cudnn.cudnnFindConvolutionBackwardDataAlgorithm(handle(), wDesc.handle(), dyDesc.handle(),
                        conv.handle(), dxDesc.handle(), REQUESTED, count, perf), "cudnnFindConvolutionBackwardDataAlgorithm");
            } else {
                check(Cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(handle(), wDesc.handle(), dyDesc.handle(),
                        conv.handle(), dxDesc.handle(), REQUESTED, count, perf), "cudnnGetConvolutionBackwardDataAlgorithm_v7");
            }
            ranked = new Candidate[count.get(JAVA_INT, 0)];
            for (int i = 0; i < ranked.length; i++) {
                MemorySegment r = cudnnConvolutionBwdDataAlgoPerfStruct.asSlice(perf, i);
                ranked[i] = new Candidate(cudnnConvolutionBwdDataAlgoPerfStruct.algo(r), cudnnConvolutionBwdDataAlgoPerfStruct.status(r),
                        cudnnConvolutionBwdDataAlgoPerfStruct.memory(r), cudnnConvolutionBwdDataAlgoPerfStruct.mathType(r),
                        cudnnConvolutionBwdDataAlgoPerfStruct.determinism(r) == Cudnn.CUDNN_DETERMINISTIC());
            }
        }
        return choose("backward-data", ranked, (algo, size) -> Cudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(handle(),
                wDesc.handle(), dyDesc.handle(), conv.handle(), dxDesc.handle(), algo, size),
                "cudnnGetConvolutionBackwardDataWorkspaceSize", workspaceLimit, tf32);
    }

    public ConvAlgo backwardFilterAlgorithm(TensorDescriptor xDesc, TensorDescriptor dyDesc, ConvolutionDescriptor conv,
                                            FilterDescriptor dwDesc, ConvSearch search, long workspaceLimit, boolean tf32) {
        Candidate[] ranked;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            MemorySegment perf = cudnnConvolutionBwdFilterAlgoPerfStruct.allocateArray(REQUESTED, a);
            if (search == ConvSearch.FIND) {
                check(Cudnn.cudnnFindConvolutionBackwardFilterAlgorithm(handle(), xDesc.handle(), dyDesc.handle(),
                        conv.handle(), dwDesc.handle(), REQUESTED, count, perf), "cudnnFindConvolutionBackwardFilterAlgorithm");
            } else {
                check(Cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle(), xDesc.handle(), dyDesc.handle(),
                        conv.handle(), dwDesc.handle(), REQUESTED, count, perf), "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
            }
            ranked = new Candidate[count.get(JAVA_INT, 0)];
            for (int i = 0; i < ranked.length; i++) {
                MemorySegment r = cudnnConvolutionBwdFilterAlgoPerfStruct.asSlice(perf, i);
                ranked[i] = new Candidate(cudnnConvolutionBwdFilterAlgoPerfStruct.algo(r), cudnnConvolutionBwdFilterAlgoPerfStruct.status(r),
                        cudnnConvolutionBwdFilterAlgoPerfStruct.memory(r), cudnnConvolutionBwdFilterAlgoPerfStruct.mathType(r),
                        cudnnConvolutionBwdFilterAlgoPerfStruct.determinism(r) == Cudnn.CUDNN_DETERMINISTIC());
            }
        }
        return choose("backward-filter", ranked, (algo, size) -> Cudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle(),
                xDesc.handle(), dyDesc.handle(), conv.handle(), dwDesc.handle(), algo, size),
                "cudnnGetConvolutionBackwardFilterWorkspaceSize", workspaceLimit, tf32);
    }

    private static boolean acceptable(int status, int mathType, long memory, long limit, boolean tf32) {
        boolean tensorOps = mathType == Cudnn.CUDNN_TENSOR_OP_MATH() || mathType == Cudnn.CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION();
        return status == Cudnn.CUDNN_STATUS_SUCCESS() && memory <= limit && (tf32 || !tensorOps);
    }

    @Override
    void released() {
        arena.close();
    }
}
