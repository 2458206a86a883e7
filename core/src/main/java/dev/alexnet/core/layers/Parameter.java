// A learnable tensor with its gradient and its momentum buffer, all owned by the backend.
package dev.alexnet.core.layers;

import dev.alexnet.core.spi.Tensor;

/**
 * One weight or bias: {@code value}, its accumulated gradient {@code grad} (zeroed by the model once per
 * step) and the SGD {@code velocity}. {@code decay} says whether weight decay applies (weights yes,
 * biases no, as is common practice; the paper decays every weight of the network).
 *
 * @param name PyTorch-style name, e.g. {@code conv1.weight}; also the key in {@code model.safetensors}
 */
public record Parameter(String name, Tensor value, Tensor grad, Tensor velocity, boolean decay) implements AutoCloseable {
    /** Frees the three tensors. */
    @Override
    public void close() {
        value.close();
        grad.close();
        velocity.close();
    }
}
