// Shared plumbing of the cuDNN/cuBLAS handle and descriptor wrappers: create through an out-pointer, destroy once.
package dev.alexnet.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.ToIntFunction;

/** An opaque native handle (a pointer) with an idempotent, checked destroy. */
abstract class NativeHandle implements AutoCloseable {
    private MemorySegment handle;
    private final String destroyName;
    private final ToIntFunction<MemorySegment> destroy;

    /** Calls {@code create(out)} (e.g. cudnnCreateTensorDescriptor) and keeps the pointer it wrote. */
    NativeHandle(ToIntFunction<MemorySegment> create, String createName,
                 ToIntFunction<MemorySegment> destroy, String destroyName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ADDRESS);
            CudaCheck.check(create.applyAsInt(slot), createName);
            this.handle = slot.get(ADDRESS, 0);
        }
        this.destroy = destroy;
        this.destroyName = destroyName;
    }

    /** The native handle; throws after close. */
    final MemorySegment handle() {
        if (handle == null) throw new IllegalStateException(getClass().getSimpleName() + " used after close");
        return handle;
    }

    /** Runs a setter on a freshly created handle; on failure destroys it before rethrowing. */
    final void configure(int status, String call) {
        if (status != 0) {
            CudaException e = CudaCheck.exception(status, call);
            close();
            throw e;
        }
    }

    @Override
    public final void close() {
        if (handle != null) {
            MemorySegment h = handle;
            handle = null;
            try {
                CudaCheck.check(destroy.applyAsInt(h), destroyName);
            } finally {
                released();
            }
        }
    }

    /** Called once after the native handle is destroyed, to free Java-side resources. */
    void released() {}
}
