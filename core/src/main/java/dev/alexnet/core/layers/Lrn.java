// Local response normalization across channels (paper section 3.3); keeps the scale denominator for backward.
package dev.alexnet.core.layers;

import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;

/** LRN (N, C, H, W) -> (N, C, H, W) with the paper's plain alpha; see {@link LrnParams} for the convention. */
public final class Lrn implements Layer {
    private final String name;
    private final Backend be;
    private final LrnParams p;
    private final Shape shape;
    private final Tensor out, scale, dx;
    private Tensor x;

    public Lrn(String name, Backend be, LrnParams p, Shape shape) {
        this.name = name;
        this.be = be;
        this.p = p;
        this.shape = shape;
        this.out = be.allocate(shape);
        this.scale = be.allocate(shape);
        this.dx = be.allocate(shape);
    }

    @Override public String name() { return name; }

    @Override public Shape inputShape() { return shape; }

    @Override public Shape outputShape() { return shape; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        be.lrnForward(p, x, out, scale);
        return out;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needInputGrad) {
        be.lrnBackward(p, x, out, scale, dout, dx);
        return dx;
    }

    @Override
    public void close() {
        out.close();
        scale.close();
        dx.close();
    }
}
