// A named float32 tensor as stored in a safetensors file: a shape and its row-major elements.
package dev.alexnet.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a checkpoint.
 *
 * @param shape dimensions, outermost first; each >= 0 (an empty shape is a scalar)
 * @param data  the product of {@code shape} elements, row-major; held as given, not copied (checkpoints are large)
 */
public record NamedTensor(String name, long[] shape, float[] data) {
    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("tensor name is empty");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyHigh(n, d) != 0 ? Long.MAX_VALUE : n * d;
            if (n < 0) {
                n = Long.MAX_VALUE;
            }
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " elements but data has " + data.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Element count, the product of the shape. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        // Elements compare as Float.equals does: NaN equals NaN, and -0.0 differs from 0.0.
        return o instanceof NamedTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
