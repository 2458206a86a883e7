// A tensor in device memory: a DeviceBuffer plus the cuDNN descriptor of its NCHW shape.
package dev.alexnet.gpu;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Tensor;
import dev.alexnet.gpu.cuda.DeviceBuffer;
import dev.alexnet.gpu.cuda.TensorDescriptor;

/** The {@link Tensor} of {@link CudnnBackend}. Its floats never leave the device except through copyOut. */
final class GpuTensor implements Tensor {
    private final CudnnBackend owner;
    private final Shape shape;
    private DeviceBuffer buffer;
    private TensorDescriptor desc;

    GpuTensor(CudnnBackend owner, Shape shape) {
        this.owner = owner;
        this.shape = shape;
        this.buffer = DeviceBuffer.allocateFloats(shape.size());
    }

    @Override public Shape shape() { return shape; }

    DeviceBuffer buffer() {
        if (buffer == null) throw new IllegalStateException("tensor " + shape + " used after close");
        return buffer;
    }

    /** The (n, c, h, w) descriptor of this tensor's own shape, made on first use. */
    TensorDescriptor desc() {
        buffer();
        if (desc == null) desc = new TensorDescriptor(shape);
        return desc;
    }

    CudnnBackend owner() { return owner; }

    @Override
    public void close() {
        if (buffer != null) {
            try {
                if (desc != null) desc.close();
                buffer.close();
            } finally {
                desc = null;
                buffer = null;
                owner.forget(this);
            }
        }
    }
}
