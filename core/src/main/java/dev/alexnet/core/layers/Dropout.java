// Inverted dropout: kept units are scaled by 1/(1-p) in training, so evaluation is the identity.
package dev.alexnet.core.layers;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;
import java.util.function.LongSupplier;

/**
 * Dropout (N, F) -> (N, F), in place. Each training forward draws a fresh seed from {@code seeds} (the
 * trainer derives it from the run seed, the step and the layer), so runs repeat exactly; the mask is
 * saved for backward.
 */
public final class Dropout implements Layer {
    private final String name;
    private final Backend be;
    private final float p;
    private final Shape shape;
    private final Tensor mask;
    private final LongSupplier seeds;
    private boolean dropped;

    public Dropout(String name, Backend be, float p, Shape shape, LongSupplier seeds) {
        this.name = name;
        this.be = be;
        this.p = p;
        this.shape = shape;
        this.mask = be.allocate(shape);
        this.seeds = seeds;
    }

    public float probability() { return p; }

    @Override public String name() { return name; }

    @Override public Shape inputShape() { return shape; }

    @Override public Shape outputShape() { return shape; }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        dropped = training && p > 0f;
        if (dropped) {
            be.dropoutForward(p, seeds.getAsLong(), x, mask, x);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor dout, boolean needInputGrad) {
        if (dropped) {
            be.dropoutBackward(mask, dout, dout);
        }
        return dout;
    }

    @Override
    public void close() {
        mask.close();
    }
}
