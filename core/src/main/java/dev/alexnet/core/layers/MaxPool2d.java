// Overlapping max pooling (the paper's 3x3 windows, stride 2).
package dev.alexnet.core.layers;

import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;

/** Max pool x (N, C, H, W) -> out (N, C, P, Q); backward routes dout to each window's first maximum. */
public final class MaxPool2d implements Layer {
    private final String name;
    private final Backend be;
    private final PoolGeom g;
    private final Tensor out, dx;
    private Tensor x;

    public MaxPool2d(String name, Backend be, PoolGeom g) {
        this.name = name;
        this.be = be;
        this.g = g;
        this.out = be.allocate(g.outputShape());
        this.dx = be.allocate(g.inputShape());
    }

    @Override public String name() { return name; }

    @Override public Shape inputShape() { return g.inputShape(); }

    @Override public Shape outputShape() { return g.outputShape(); }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        be.maxPoolForward(g, x, out);
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needInputGrad) {
        be.maxPoolBackward(g, x, out, dout, dx);
        return dx;
    }

    @Override
    public void close() {
        out.close();
        dx.close();
    }
}
