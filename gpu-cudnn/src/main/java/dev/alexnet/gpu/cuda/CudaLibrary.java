// The three NVIDIA libraries the GPU backend binds, with their file names and their own status-to-text functions.
package dev.alexnet.gpu.cuda;

import dev.alexnet.nativebind.cublas.Cublas;
import dev.alexnet.nativebind.cudart.CudaRuntime;
import dev.alexnet.nativebind.cudnn.Cudnn;
import java.util.List;

/**
 * A bound library: the CUDA runtime, cuBLAS or cuDNN. Each knows the file names it may have (newest
 * soname first) and how to turn one of its status codes into the library's own text, which is only
 * possible once {@link NativeLibraries} has loaded it.
 */
public enum CudaLibrary {
    CUDART("CUDA runtime", "cuda", List.of("libcudart.so.13", "libcudart.so.12", "libcudart.so")),
    CUBLAS("cuBLAS", "cublas", List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so")),
    CUDNN("cuDNN", "cudnn", List.of("libcudnn.so.9", "libcudnn.so"));

    private final String displayName;
    private final String key;
    private final List<String> fileNames;

    CudaLibrary(String displayName, String key, List<String> fileNames) {
        this.displayName = displayName;
        this.key = key;
        this.fileNames = fileNames;
    }

    /** "CUDA runtime", "cuBLAS", "cuDNN". */
    public String displayName() { return displayName; }

    /** Short key used in property names: {@code alexnet.<key>.lib}. */
    public String key() { return key; }

    /** File names to look for in a folder, preferred first. */
    public List<String> fileNames() { return fileNames; }

    /** The system property naming this library's file (or its folder). */
    public String property() { return "alexnet." + key + ".lib"; }

    /** The library a function belongs to, from its prefix ("cudnn...", "cublas...", "cuda..."). */
    public static CudaLibrary ofCall(String call) {
        if (call.startsWith("cudnn")) return CUDNN;
        if (call.startsWith("cublas")) return CUBLAS;
        if (call.startsWith("cuda")) return CUDART;
        throw new IllegalArgumentException("not a CUDA runtime, cuBLAS or cuDNN function: " + call);
    }

    /**
     * The library's own name and text for a status, e.g. "cudaErrorNoDevice: no CUDA-capable device
     * is detected" or "CUDNN_STATUS_BAD_PARAM". Falls back to a built-in name when the library is not
     * loaded (or its text function fails).
     */
    public String describe(int status) {
        if (NativeLibraries.isLoaded(this)) {
            try {
                return switch (this) {
                    case CUDART -> CudaRuntime.cudaGetErrorName(status).getString(0) + ": "
                            + CudaRuntime.cudaGetErrorString(status).getString(0);
                    case CUBLAS -> Cublas.cublasGetStatusName(status).getString(0) + ": "
                            + Cublas.cublasGetStatusString(status).getString(0);
                    case CUDNN -> Cudnn.cudnnGetErrorString(status).getString(0);
                };
            } catch (RuntimeException | LinkageError e) {
                // An older library without the text function: fall through to the built-in names.
            }
        }
        return fallbackName(status);
    }

    /** Names of the common statuses, used only when the library itself cannot be asked. */
    String fallbackName(int status) {
        String name = switch (this) {
            case CUDART -> switch (status) {
                case 0 -> "cudaSuccess";
                case 1 -> "cudaErrorInvalidValue";
                case 2 -> "cudaErrorMemoryAllocation";
                case 3 -> "cudaErrorInitializationError";
                case 35 -> "cudaErrorInsufficientDriver";
                case 100 -> "cudaErrorNoDevice";
                case 101 -> "cudaErrorInvalidDevice";
                default -> null;
            };
            case CUBLAS -> switch (status) {
                case 0 -> "CUBLAS_STATUS_SUCCESS";
                case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
                case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
                case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
                case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
                case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
                case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
                case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
                case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
                case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
                default -> null;
            };
            case CUDNN -> switch (status) {
                case 0 -> "CUDNN_STATUS_SUCCESS";
                case 1001 -> "CUDNN_STATUS_NOT_INITIALIZED";
                case 2000 -> "CUDNN_STATUS_BAD_PARAM";
                case 3000 -> "CUDNN_STATUS_NOT_SUPPORTED";
                case 4000 -> "CUDNN_STATUS_INTERNAL_ERROR";
                case 5000 -> "CUDNN_STATUS_EXECUTION_FAILED";
                default -> null;
            };
        };
        return name != null ? name : displayName + " status " + status;
    }
}
