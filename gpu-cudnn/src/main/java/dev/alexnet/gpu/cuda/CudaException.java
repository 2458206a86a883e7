// A failed CUDA runtime, cuBLAS or cuDNN call, carrying the library's own error text.
package dev.alexnet.gpu.cuda;

/**
 * Thrown by {@link CudaCheck#check} when a native call returns a non-success status. The message reads
 * {@code "cudnnConvolutionForward failed: CUDNN_STATUS_BAD_PARAM (cuDNN status 2000)"}.
 */
public final class CudaException extends RuntimeException {
    private final CudaLibrary library;
    private final int status;
    private final String call;
    private final String libraryText;

    public CudaException(CudaLibrary library, int status, String call, String libraryText) {
        super(call + " failed: " + libraryText + " (" + library.displayName() + " status " + status + ")");
        this.library = library;
        this.status = status;
        this.call = call;
        this.libraryText = libraryText;
    }

    /** Which library reported the error. */
    public CudaLibrary library() { return library; }

    /** The raw status code (cudaError_t, cublasStatus_t or cudnnStatus_t). */
    public int status() { return status; }

    /** The function that failed, e.g. "cudnnConvolutionForward". */
    public String call() { return call; }

    /** The library's own text for the status, e.g. "cudaErrorNoDevice: no CUDA-capable device is detected". */
    public String libraryText() { return libraryText; }
}
