// A tensor backed by a Java float[]: the storage of the reference backend and of the CPU backend.
package dev.alexnet.core.spi;

import dev.alexnet.core.shape.Shape;
import java.util.Objects;

/** A {@link Tensor} whose elements are a heap {@code float[]} in NCHW order. */
public final class HostTensor implements Tensor {
    private final Shape shape;
    private float[] data;

    public HostTensor(Shape shape) {
        this.shape = Objects.requireNonNull(shape);
        this.data = new float[shape.size()];
    }

    @Override
    public Shape shape() {
        return shape;
    }

    /** The backing array; throws once the tensor is closed. */
    public float[] data() {
        if (data == null) {
            throw new IllegalStateException("tensor " + shape + " used after close");
        }
        return data;
    }

    /** Casts a handle to a host tensor, with a clear message when it belongs to another backend. */
    public static HostTensor of(Tensor t) {
        if (t instanceof HostTensor h) {
            return h;
        }
        throw new IllegalArgumentException("expected a host tensor, got " + (t == null ? "null" : t.getClass().getName()));
    }

    /** Shortcut for {@code of(t).data()}. */
    public static float[] data(Tensor t) {
        return of(t).data();
    }

    @Override
    public void close() {
        data = null;
    }
}
