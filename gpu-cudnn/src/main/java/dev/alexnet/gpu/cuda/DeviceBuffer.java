// Device memory from cudaMalloc, owned by one object and freed by close(), never by the garbage collector.
package dev.alexnet.gpu.cuda;

import static dev.alexnet.gpu.cuda.CudaCheck.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.alexnet.nativebind.cudart.CudaRuntime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A block of device memory. Its address stays inside this package: other code moves data with the
 * copy methods and hands the buffer to {@link CudnnHandle} and {@link CublasHandle} methods.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final long bytes;
    private MemorySegment ptr; // a zero-length segment holding the device address; null once freed

    private DeviceBuffer(MemorySegment ptr, long bytes) {
        this.ptr = ptr;
        this.bytes = bytes;
    }

    /** Allocates {@code bytes} (at least 1) of device memory, zero-filled. */
    public static DeviceBuffer allocate(long bytes) {
        long size = Math.max(bytes, 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ADDRESS);
            check(CudaRuntime.cudaMalloc(slot, size), "cudaMalloc");
            DeviceBuffer b = new DeviceBuffer(slot.get(ADDRESS, 0), bytes);
            b.zero();
            return b;
        }
    }

    /** Allocates room for {@code count} floats, zero-filled. */
    public static DeviceBuffer allocateFloats(long count) {
        return allocate(count * Float.BYTES);
    }

    public long bytes() { return bytes; }

    /** Number of floats the buffer holds. */
    public long floats() { return bytes / Float.BYTES; }

    MemorySegment ptr() {
        if (ptr == null) throw new IllegalStateException("device buffer used after close");
        return ptr;
    }

    /** Sets every byte to 0. */
    public void zero() {
        check(CudaRuntime.cudaMemset(ptr(), 0, Math.max(bytes, 1)), "cudaMemset");
    }

    /** Copies {@code src} into the first {@code src.length} floats of the buffer. */
    public void copyFromHost(float[] src) {
        requireFits(src.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocateFrom(JAVA_FLOAT, src);
            check(CudaRuntime.cudaMemcpy(ptr(), host, host.byteSize(), CudaRuntime.cudaMemcpyHostToDevice()), "cudaMemcpy");
        }
    }

    /** Copies the first {@code dst.length} floats of the buffer into {@code dst} (synchronises with the device). */
    public void copyToHost(float[] dst) {
        requireFits(dst.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_FLOAT, dst.length);
            check(CudaRuntime.cudaMemcpy(host, ptr(), host.byteSize(), CudaRuntime.cudaMemcpyDeviceToHost()), "cudaMemcpy");
            MemorySegment.copy(host, JAVA_FLOAT, 0, dst, 0, dst.length);
        }
    }

    /** Copies {@code bytes} from page-locked host memory (see {@link HostStaging}). */
    void copyFromPinned(MemorySegment host, long bytes) {
        requireFits(bytes / Float.BYTES);
        check(CudaRuntime.cudaMemcpy(ptr(), host, bytes, CudaRuntime.cudaMemcpyHostToDevice()), "cudaMemcpy");
    }

    /** Copies {@code bytes} into page-locked host memory (synchronises with the device). */
    void copyToPinned(MemorySegment host, long bytes) {
        requireFits(bytes / Float.BYTES);
        check(CudaRuntime.cudaMemcpy(host, ptr(), bytes, CudaRuntime.cudaMemcpyDeviceToHost()), "cudaMemcpy");
    }

    /** Copies the first {@code count} floats of {@code src} into this buffer, device to device. */
    public void copyFromDevice(DeviceBuffer src, long count) {
        requireFits(count);
        src.requireFits(count);
        check(CudaRuntime.cudaMemcpy(ptr(), src.ptr(), count * Float.BYTES, CudaRuntime.cudaMemcpyDeviceToDevice()),
                "cudaMemcpy");
    }

    private void requireFits(long count) {
        if (count * Float.BYTES > bytes) {
            throw new IllegalArgumentException(count + " floats do not fit a device buffer of " + bytes + " bytes");
        }
    }

    /** Frees the memory. Idempotent. */
    @Override
    public void close() {
        if (ptr != null) {
            MemorySegment p = ptr;
            ptr = null;
            check(CudaRuntime.cudaFree(p), "cudaFree");
        }
    }
}
