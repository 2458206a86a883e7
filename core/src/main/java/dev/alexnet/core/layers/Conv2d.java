// Grouped 2-D convolution with bias: the layer owns its geometry; the backend does the arithmetic.
package dev.alexnet.core.layers;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;
import java.util.List;

/** Convolution: x (N, C, H, W), w (K, C/G, R, S), b (K) -> out (N, K, P, Q). */
public final class Conv2d implements Layer {
    private final String name;
    private final Backend be;
    private final ConvGeom g;
    private final Parameter weight, bias;
    private final Tensor out, dx;
    private Tensor x; // the forward input, kept for backward-filter

    public Conv2d(String name, Backend be, ConvGeom g) {
        this.name = name;
        this.be = be;
        this.g = g;
        this.weight = new Parameter(name + ".weight", be.allocate(g.filterShape()), be.allocate(g.filterShape()),
                be.allocate(g.filterShape()), true);
        this.bias = new Parameter(name + ".bias", be.allocate(g.biasShape()), be.allocate(g.biasShape()),
                be.allocate(g.biasShape()), false);
        this.out = be.allocate(g.outputShape());
        this.dx = be.allocate(g.inputShape());
    }

    public ConvGeom geometry() { return g; }

    @Override public String name() { return name; }

    @Override public Shape inputShape() { return g.inputShape(); }

    @Override public Shape outputShape() { return g.outputShape(); }

    // x (N, C, H, W) -> out (N, K, P, Q)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        be.convForward(g, x, weight.value(), bias.value(), out);
        return out;
    }

    // dout (N, K, P, Q) -> dx (N, C, H, W); dw += x * dout, db += sum dout
    @Override
    public Tensor backward(Tensor dout, boolean needInputGrad) {
        be.convBackwardFilter(g, x, dout, weight.grad());
        be.convBackwardBias(g, dout, bias.grad());
        if (!needInputGrad) {
            return null;
        }
        be.convBackwardData(g, dout, weight.value(), dx);
        return dx;
    }

    @Override public List<Parameter> parameters() { return List.of(weight, bias); }

    @Override
    public void close() {
        weight.close();
        bias.close();
        out.close();
        dx.close();
    }
}
