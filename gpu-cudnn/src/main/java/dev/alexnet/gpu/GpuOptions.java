// The GPU backend's settings, read from alexnet.gpu.* system properties in this one place.
package dev.alexnet.gpu;

import dev.alexnet.gpu.cuda.ConvSearch;
import java.util.Locale;

/**
 * Settings of {@link CudnnBackend}.
 * <ul>
 *   <li>{@code alexnet.gpu.device} (default 0): the CUDA device index.</li>
 *   <li>{@code alexnet.gpu.tf32} (default false): allow TF32 tensor cores in cuDNN convolutions
 *       (CUDNN_DEFAULT_MATH instead of CUDNN_FMA_MATH) and cuBLAS GEMMs (CUBLAS_TF32_TENSOR_OP_MATH
 *       instead of CUBLAS_DEFAULT_MATH). Faster on Ampere and later, but products keep only 10 mantissa
 *       bits, so results no longer match the reference backend to float32 tolerances.</li>
 *   <li>{@code alexnet.gpu.conv.search} (default heuristic): {@code heuristic} takes cuDNN's ranked
 *       guess (cudnnGet*_v7, as PyTorch does by default); {@code find} times each algorithm once per
 *       geometry (cudnnFind*, like {@code torch.backends.cudnn.benchmark = True}).</li>
 *   <li>{@code alexnet.gpu.workspace.mib} (default 1024): the largest convolution workspace accepted.</li>
 * </ul>
 */
public record GpuOptions(int device, boolean tf32, ConvSearch convSearch, long workspaceLimitBytes) {
    public GpuOptions {
        if (device < 0) throw new IllegalArgumentException("alexnet.gpu.device must be >= 0, got " + device);
        if (workspaceLimitBytes < 0) throw new IllegalArgumentException("workspace limit must be >= 0");
    }

    public static GpuOptions defaults() {
        return new GpuOptions(0, false, ConvSearch.HEURISTIC, 1024L << 20);
    }

    /** The options given by system properties, defaults elsewhere. */
    public static GpuOptions fromSystemProperties() {
        GpuOptions d = defaults();
        int device = (int) number("alexnet.gpu.device", d.device());
        boolean tf32 = Boolean.parseBoolean(System.getProperty("alexnet.gpu.tf32", "false").trim());
        String search = System.getProperty("alexnet.gpu.conv.search", "heuristic").trim().toLowerCase(Locale.ROOT);
        ConvSearch convSearch = switch (search) {
            case "heuristic" -> ConvSearch.HEURISTIC;
            case "find" -> ConvSearch.FIND;
            default -> throw new IllegalArgumentException("alexnet.gpu.conv.search must be heuristic or find, got " + search);
        };
        long mib = number("alexnet.gpu.workspace.mib", d.workspaceLimitBytes() >> 20);
        return new GpuOptions(device, tf32, convSearch, mib << 20);
    }

    private static long number(String property, long fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be an integer, got '" + v + "'");
        }
    }
}
