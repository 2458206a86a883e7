// The few CUDA runtime calls the backend makes outside memory management: devices, versions, synchronisation.
package dev.alexnet.gpu.cuda;

import static dev.alexnet.gpu.cuda.CudaCheck.check;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.alexnet.nativebind.cudart.CudaRuntime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Static CUDA runtime helpers. Callers must have loaded the runtime through {@link NativeLibraries}. */
public final class Cuda {
    private Cuda() {}

    /** Number of visible devices; throws {@link CudaException} (e.g. cudaErrorNoDevice) when the runtime cannot tell. */
    public static int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            check(CudaRuntime.cudaGetDeviceCount(count), "cudaGetDeviceCount");
            return count.get(JAVA_INT, 0);
        }
    }

    public static void setDevice(int device) {
        check(CudaRuntime.cudaSetDevice(device), "cudaSetDevice");
    }

    /** Waits for all work on the current device; surfaces errors of earlier asynchronous launches. */
    public static void synchronize() {
        check(CudaRuntime.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    }

    /** Runtime version as CUDA encodes it: 1000 * major + 10 * minor (13000 = 13.0). */
    public static int runtimeVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check(CudaRuntime.cudaRuntimeGetVersion(v), "cudaRuntimeGetVersion");
            return v.get(JAVA_INT, 0);
        }
    }

    /** Driver version in the same encoding; 0 when no driver is installed. */
    public static int driverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check(CudaRuntime.cudaDriverGetVersion(v), "cudaDriverGetVersion");
            return v.get(JAVA_INT, 0);
        }
    }

    /** "sm_90, 132 SMs, 139.8 GiB" for a device. */
    public static String describeDevice(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check(CudaRuntime.cudaDeviceGetAttribute(v, CudaRuntime.cudaDevAttrComputeCapabilityMajor(), device),
                    "cudaDeviceGetAttribute");
            int major = v.get(JAVA_INT, 0);
            check(CudaRuntime.cudaDeviceGetAttribute(v, CudaRuntime.cudaDevAttrComputeCapabilityMinor(), device),
                    "cudaDeviceGetAttribute");
            int minor = v.get(JAVA_INT, 0);
            check(CudaRuntime.cudaDeviceGetAttribute(v, CudaRuntime.cudaDevAttrMultiProcessorCount(), device),
                    "cudaDeviceGetAttribute");
            int sms = v.get(JAVA_INT, 0);
            MemorySegment free = arena.allocate(JAVA_LONG), total = arena.allocate(JAVA_LONG);
            check(CudaRuntime.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return String.format("sm_%d%d, %d SMs, %.1f GiB", major, minor, sms, total.get(JAVA_LONG, 0) / (double) (1L << 30));
        }
    }

    /** "13.0" from 13000. */
    public static String versionString(int encoded) {
        return (encoded / 1000) + "." + (encoded % 1000) / 10;
    }
}
