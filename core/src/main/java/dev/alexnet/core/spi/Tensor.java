// An opaque tensor handle owned by a backend. Only its backend knows where the floats live.
package dev.alexnet.core.spi;

import dev.alexnet.core.shape.Shape;

/**
 * A float32 tensor allocated by a {@link Backend}. The memory may be a Java array, an off-heap
 * segment or device memory: callers never read it directly, they copy it out with
 * {@link Backend#copyOut}. A tensor may only be passed to the backend that allocated it.
 */
public interface Tensor extends AutoCloseable {
    /** The tensor's shape, fixed at allocation. */
    Shape shape();

    /** Number of float elements. */
    default int size() {
        return shape().size();
    }

    /** Releases the memory. Idempotent. Using the tensor afterwards is an error. */
    @Override
    void close();
}
