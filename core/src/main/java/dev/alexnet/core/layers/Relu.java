// ReLU, in place: the output overwrites the input tensor, and backward overwrites dout.
package dev.alexnet.core.layers;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;

/**
 * ReLU (N, C, H, W) -> (N, C, H, W), computed in place on the previous layer's output (which nothing
 * else reads), so it allocates nothing. Backward uses its own output (y > 0 iff x > 0).
 */
public final class Relu implements Layer {
    private final String name;
    private final Backend be;
    private final Shape shape;
    private Tensor y;

    public Relu(String name, Backend be, Shape shape) {
        this.name = name;
        this.be = be;
        this.shape = shape;
    }

    @Override public String name() { return name; }

    @Override public Shape inputShape() { return shape; }

    @Override public Shape outputShape() { return shape; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        be.reluForward(x, x);
        y = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needInputGrad) {
        be.reluBackward(y, dout, dout);
        return dout;
    }

    @Override public void close() {}
}
