// The guarded availability check: load what can be found, count devices, and say in one sentence what is missing.
package dev.alexnet.gpu.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether the GPU backend can run. Loading libraries happens here (once per JVM, see
 * {@link NativeLibraries#loadAll()}); nothing else is touched: no handle, no allocation. Never throws.
 */
public final class CudaProbe {

    /** The verdict; {@code reason} is "" when available, {@code description} names what was found. */
    public record Availability(boolean available, String reason, String description, int deviceCount) {}

    private static Availability cached;

    private CudaProbe() {}

    /** Probes once and remembers the answer. */
    public static synchronized Availability probe() {
        if (cached == null) {
            try {
                cached = probe(NativeLibraries.loadAll());
            } catch (RuntimeException | LinkageError e) {
                cached = new Availability(false, "probing CUDA failed: " + e, "", 0);
            }
        }
        return cached;
    }

    /** The verdict for one load outcome. */
    static Availability probe(NativeLibraries.Loaded loaded) {
        List<String> problems = new ArrayList<>();
        int devices = 0;
        String runtime = "CUDA runtime at " + loaded.loaded().get(CudaLibrary.CUDART);
        if (loaded.has(CudaLibrary.CUDART)) {
            try {
                runtime = "CUDA runtime " + Cuda.versionString(Cuda.runtimeVersion()) + " at " + loaded.loaded().get(CudaLibrary.CUDART);
                devices = Cuda.deviceCount();
                if (devices == 0) {
                    problems.add(runtime + " reports no CUDA device");
                }
            } catch (CudaException e) {
                problems.add(runtime + " loaded but " + e.call() + " failed with " + e.libraryText());
            }
        }
        for (CudaLibrary lib : CudaLibrary.values()) {
            if (!loaded.has(lib)) {
                String failure = loaded.failures().get(lib);
                problems.add(failure != null
                        ? lib.displayName() + " failed to load (" + failure + ")"
                        : lib.displayName() + " not found (" + String.join(", ", lib.fileNames()) + ")");
            }
        }
        if (loaded.has(CudaLibrary.CUDNN)) {
            try {
                long v = CudnnHandle.version();
                if (v < 90000) problems.add("cuDNN " + CudnnHandle.versionString(v) + " is older than the required 9.0");
            } catch (RuntimeException | LinkageError e) {
                problems.add("cuDNN at " + loaded.loaded().get(CudaLibrary.CUDNN) + " does not answer cudnnGetVersion: " + e);
            }
        }
        String description = loaded.summary();
        if (problems.isEmpty()) {
            return new Availability(true, "", description, devices);
        }
        String reason = String.join("; ", problems);
        if (!loaded.search().complete()) {
            reason += " (searched " + loaded.search().searched().size() + " folders; set -Dalexnet.cuda.lib, "
                    + "-Dalexnet.cublas.lib, -Dalexnet.cudnn.lib or ALEXNET_CUDA_LIB_DIR, or install the nvidia-* Python wheels)";
        }
        return new Availability(false, reason, description, devices);
    }
}
