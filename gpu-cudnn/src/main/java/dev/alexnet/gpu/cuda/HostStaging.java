// A grow-only page-locked host buffer that host <-> device copies go through (one memcpy, then DMA at full speed).
package dev.alexnet.gpu.cuda;

import static dev.alexnet.gpu.cuda.CudaCheck.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.alexnet.nativebind.cudart.CudaRuntime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Copies between Java {@code float[]} and device buffers through pinned memory from cudaMallocHost, reused
 * across calls, so a training step's input batch (20 MB for the paper preset at batch 32) costs no allocation
 * and no pageable-memory staging in the driver. If pinned memory cannot be had, the copies fall back to a
 * fresh off-heap segment per call ({@link DeviceBuffer#copyFromHost}). One thread at a time.
 */
public final class HostStaging implements AutoCloseable {
    private MemorySegment pinned; // null until first use, or after close
    private boolean unavailable;

    /** dst[0 .. src.length) = src. */
    public void upload(float[] src, DeviceBuffer dst) {
        MemorySegment host = reserve((long) src.length * Float.BYTES);
        if (host == null) {
            dst.copyFromHost(src);
            return;
        }
        MemorySegment.copy(src, 0, host, JAVA_FLOAT, 0, src.length);
        dst.copyFromPinned(host, (long) src.length * Float.BYTES);
    }

    /** dst = src[0 .. dst.length). */
    public void download(DeviceBuffer src, float[] dst) {
        MemorySegment host = reserve((long) dst.length * Float.BYTES);
        if (host == null) {
            src.copyToHost(dst);
            return;
        }
        src.copyToPinned(host, (long) dst.length * Float.BYTES);
        MemorySegment.copy(host, JAVA_FLOAT, 0, dst, 0, dst.length);
    }

    /** The pinned buffer, grown to at least {@code bytes}; null when pinned memory is not available. */
    private MemorySegment reserve(long bytes) {
        if (unavailable) return null;
        if (pinned == null || pinned.byteSize() < bytes) {
            free();
            long size = Math.max(bytes, 1L << 20);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment slot = arena.allocate(ADDRESS);
                if (CudaRuntime.cudaMallocHost(slot, size) != 0) {
                    CudaRuntime.cudaGetLastError(); // reset the error the failed call recorded for this thread
                    unavailable = true;
                    return null;
                }
                pinned = slot.get(ADDRESS, 0).reinterpret(size);
            }
        }
        return pinned;
    }

    private void free() {
        if (pinned != null) {
            MemorySegment p = pinned;
            pinned = null;
            check(CudaRuntime.cudaFreeHost(p), "cudaFreeHost");
        }
    }

    @Override
    public void close() {
        free();
    }
}
