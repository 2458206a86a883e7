// Fully connected layer y = x w^T + b, PyTorch's weight layout (OUT, IN).
package dev.alexnet.core.layers;

import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.Tensor;
import java.util.List;

/** Linear: x (N, IN) (any (N, C, H, W) with C*H*W = IN is read flattened), w (OUT, IN), b (OUT) -> out (N, OUT). */
public final class Linear implements Layer {
    private final String name;
    private final Backend be;
    private final Shape inShape, outShape;
    private final Parameter weight, bias;
    private final Tensor out, dx;
    private Tensor x;

    public Linear(String name, Backend be, Shape inShape, int outFeatures) {
        this.name = name;
        this.be = be;
        this.inShape = inShape;
        this.outShape = Shape.matrix(inShape.n(), outFeatures);
        Shape w = Shape.matrix(outFeatures, inShape.perImage()), b = Shape.vector(outFeatures);
        this.weight = new Parameter(name + ".weight", be.allocate(w), be.allocate(w), be.allocate(w), true);
        this.bias = new Parameter(name + ".bias", be.allocate(b), be.allocate(b), be.allocate(b), false);
        this.out = be.allocate(outShape);
        this.dx = be.allocate(inShape); // the input's own shape, so the layer before sees its output shape
    }

    @Override public String name() { return name; }

    @Override public Shape inputShape() { return inShape; }

    @Override public Shape outputShape() { return outShape; }

    // x (N, IN) -> out (N, OUT)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        be.fcForward(x, weight.value(), bias.value(), out);
        return out;
    }

    // dout (N, OUT) -> dx (N, IN); dw += dout^T x, db += column sums of dout
    @Override
    public Tensor backward(Tensor dout, boolean needInputGrad) {
        be.fcBackward(x, weight.value(), dout, needInputGrad ? dx : null, weight.grad(), bias.grad());
        return needInputGrad ? dx : null;
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
