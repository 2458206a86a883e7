// The one place native status codes become exceptions (tinygrad's check): every binding call goes through it.
package dev.alexnet.gpu.cuda;

/** Status checking for CUDA runtime, cuBLAS and cuDNN calls; all three use 0 for success. */
public final class CudaCheck {
    private CudaCheck() {}

    /**
     * Returns normally when {@code status} is 0, else throws a {@link CudaException} for the library
     * that {@code call} belongs to (found from its prefix), with that library's text for the status.
     */
    public static void check(int status, String call) {
        if (status != 0) {
            throw exception(status, call);
        }
    }

    /** The exception {@link #check} would throw for a non-zero status. */
    public static CudaException exception(int status, String call) {
        CudaLibrary library = CudaLibrary.ofCall(call);
        return new CudaException(library, status, call, library.describe(status));
    }
}
