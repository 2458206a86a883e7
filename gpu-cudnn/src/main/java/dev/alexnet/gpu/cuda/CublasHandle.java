// A cuBLAS handle and the three BLAS calls the backend makes (SGEMM, SAXPY, SSCAL), in strict or TF32 math mode.
package dev.alexnet.gpu.cuda;

import static dev.alexnet.gpu.cuda.CudaCheck.check;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.alexnet.nativebind.cublas.Cublas;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * cublasHandle_t on the current device and default stream, host pointer mode. Column-major, as cuBLAS
 * is; row-major callers use the transpose trick (a row-major A is a column-major A^T). One thread at
 * a time: the scalars live in one reused block.
 */
public final class CublasHandle extends NativeHandle {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment scalars = arena.allocate(JAVA_FLOAT, 2); // alpha, beta

    /**
     * @param tf32 false: CUBLAS_DEFAULT_MATH, plain float32 FMA (no TF32 since CUDA 11);
     *             true: CUBLAS_TF32_TENSOR_OP_MATH
     */
    public CublasHandle(boolean tf32) {
        super(Cublas::cublasCreate_v2, "cublasCreate_v2", Cublas::cublasDestroy_v2, "cublasDestroy_v2");
        configure(Cublas.cublasSetMathMode(handle(), tf32 ? Cublas.CUBLAS_TF32_TENSOR_OP_MATH() : Cublas.CUBLAS_DEFAULT_MATH()),
                "cublasSetMathMode");
    }

    /** cuBLAS version as it encodes it (major * 10000 + minor * 100 + patch, e.g. 120604). */
    public int version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check(Cublas.cublasGetVersion_v2(handle(), v), "cublasGetVersion_v2");
            return v.get(JAVA_INT, 0);
        }
    }

    /**
     * Column-major C (m x n) = alpha op(A) op(B) + beta C, op(A) m x k, op(B) k x n.
     *
     * @param transA true for op(A) = A^T
     */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceBuffer a, int lda,
                      DeviceBuffer b, int ldb, float beta, DeviceBuffer c, int ldc) {
        scalars.setAtIndex(JAVA_FLOAT, 0, alpha);
        scalars.setAtIndex(JAVA_FLOAT, 1, beta);
        check(Cublas.cublasSgemm_v2(handle(), transA ? Cublas.CUBLAS_OP_T() : Cublas.CUBLAS_OP_N(),
                transB ? Cublas.CUBLAS_OP_T() : Cublas.CUBLAS_OP_N(), m, n, k, scalars, a.ptr(), lda, b.ptr(), ldb,
                scalars.asSlice(Float.BYTES, Float.BYTES), c.ptr(), ldc), "cublasSgemm_v2");
    }

    /** y = alpha x + y over the first n floats. */
    public void saxpy(int n, float alpha, DeviceBuffer x, DeviceBuffer y) {
        scalars.setAtIndex(JAVA_FLOAT, 0, alpha);
        check(Cublas.cublasSaxpy_v2(handle(), n, scalars, x.ptr(), 1, y.ptr(), 1), "cublasSaxpy_v2");
    }

    /** x = alpha x over the first n floats. */
    public void sscal(int n, float alpha, DeviceBuffer x) {
        scalars.setAtIndex(JAVA_FLOAT, 0, alpha);
        check(Cublas.cublasSscal_v2(handle(), n, scalars, x.ptr(), 1), "cublasSscal_v2");
    }

    @Override
    void released() {
        arena.close();
    }
}
