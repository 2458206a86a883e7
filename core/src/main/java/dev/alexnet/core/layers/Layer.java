// A layer of the network: forward and backward over backend tensors it allocated once for a fixed batch size.
package dev.alexnet.core.layers;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Tensor;
import java.util.List;

/**
 * A layer built for one input shape (batch included). It allocates its output, its saved buffers and
 * its input gradient once, in its constructor; {@link #forward} and {@link #backward} then allocate
 * nothing. Forward saves what backward needs; backward returns the input gradient (overwritten each
 * call) and adds into the parameter gradients.
 */
public interface Layer extends AutoCloseable {
    /** The layer's name in tables and weight files, e.g. {@code conv1}, {@code relu1}. */
    String name();

    /** Input shape (N, C, H, W) this layer was built for. */
    Shape inputShape();

    /** Output shape it produces. */
    Shape outputShape();

    /** out = layer(x). {@code training} turns dropout on. The returned tensor is owned by the layer. */
    Tensor forward(Tensor x, boolean training);

    /**
     * dx from dout (the gradient at the output), using what forward saved. Parameter gradients are
     * added into. Returns null when {@code needInputGrad} is false (the first layer).
     */
    Tensor backward(Tensor dout, boolean needInputGrad);

    /** Learnable parameters, empty for parameter-free layers. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Frees the tensors this layer allocated. */
    @Override
    void close();
}
