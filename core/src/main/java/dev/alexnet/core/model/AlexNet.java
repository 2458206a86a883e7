// The network: layers built from an AlexNetConfig on one backend for one batch size, forward and backward.
package dev.alexnet.core.model;

import dev.alexnet.core.layers.Conv2d;
import dev.alexnet.core.layers.Dropout;
import dev.alexnet.core.layers.Layer;
import dev.alexnet.core.layers.Linear;
import dev.alexnet.core.layers.Lrn;
import dev.alexnet.core.layers.MaxPool2d;
import dev.alexnet.core.layers.Parameter;
import dev.alexnet.core.layers.Relu;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.DropoutMask;
import dev.alexnet.core.spi.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * AlexNet on a backend. Every activation, gradient and saved buffer is allocated here, once, for
 * {@code batch} images; a training step then allocates nothing. Inputs are (N, C, H, W) tensors of
 * the same backend; logits come out as (N, classes).
 */
public final class AlexNet implements AutoCloseable {
    private final AlexNetConfig cfg;
    private final Backend be;
    private final int batch;
    private final List<Layer> layers = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();
    private final Tensor input;
    private long dropoutSeed;

    public AlexNet(AlexNetConfig cfg, Backend be, int batch) {
        this.cfg = cfg;
        this.be = be;
        this.batch = batch;
        Shape s = new Shape(batch, cfg.inC(), cfg.inH(), cfg.inW());
        this.input = be.allocate(s);
        int dropoutIndex = 0;
        for (LayerSpec spec : cfg.layers()) {
            Layer layer = switch (spec) {
                case LayerSpec.Conv c -> new Conv2d(c.name(), be, Architecture.conv(s, c));
                case LayerSpec.Relu r -> new Relu(r.name(), be, s);
                case LayerSpec.Lrn n -> new Lrn(n.name(), be, n.params(), s);
                case LayerSpec.MaxPool p -> new MaxPool2d(p.name(), be, Architecture.pool(s, p));
                case LayerSpec.Dropout d -> {
                    long salt = ++dropoutIndex;
                    // A different mask per layer and per step, a pure function of (run seed, step, layer).
                    yield new Dropout(d.name(), be, d.p(), s, () -> DropoutMask.mix(dropoutSeed, salt));
                }
                case LayerSpec.Linear f -> new Linear(f.name(), be, s, f.out());
            };
            layers.add(layer);
            params.addAll(layer.parameters());
            s = layer.outputShape();
        }
    }

    public AlexNetConfig config() { return cfg; }

    public Backend backend() { return be; }

    public int batchSize() { return batch; }

    public List<Layer> layers() { return List.copyOf(layers); }

    public List<Parameter> parameters() { return List.copyOf(params); }

    /** The input tensor (N, C, H, W) that {@link #forward(boolean)} reads; fill it with {@code copyIn}. */
    public Tensor input() { return input; }

    /** Sets the seed the dropout masks of the next forward derive from (the trainer passes one per step). */
    public void setDropoutSeed(long seed) { this.dropoutSeed = seed; }

    /** logits (N, classes) = network(input). */
    public Tensor forward(boolean training) {
        Tensor x = input;
        for (Layer l : layers) {
            x = l.forward(x, training);
        }
        return x;
    }

    /** Backpropagates dLogits (N, classes) through every layer, adding into each parameter's grad. */
    public void backward(Tensor dLogits) {
        Tensor d = dLogits;
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d, i > 0);
        }
    }

    /** Clears every parameter gradient (they accumulate). */
    public void zeroGrad() {
        for (Parameter p : params) {
            be.fill(p.grad(), 0f);
        }
    }

    /** SGD with momentum on every parameter; weight decay only where {@link Parameter#decay()}. */
    public void sgdStep(float lr, float momentum, float weightDecay) {
        for (Parameter p : params) {
            be.sgdUpdate(p.value(), p.grad(), p.velocity(), lr, momentum, p.decay() ? weightDecay : 0f);
        }
    }

    /** Fills weights and biases per {@code init}, from a generator seeded with {@code seed}; clears momentum. */
    public void initialize(Init init, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Float> biasInit = new LinkedHashMap<>();
        for (LayerSpec spec : cfg.layers()) {
            switch (spec) {
                case LayerSpec.Conv c -> biasInit.put(c.name(), c.biasInit());
                case LayerSpec.Linear f -> biasInit.put(f.name(), f.biasInit());
                default -> { }
            }
        }
        String output = params.get(params.size() - 1).name(); // the last layer's bias; its weight precedes it
        String outputLayer = output.substring(0, output.indexOf('.'));
        for (Parameter p : params) {
            float[] v = new float[p.value().size()];
            String layer = p.name().substring(0, p.name().indexOf('.'));
            if (p.name().endsWith(".weight")) {
                Shape ws = p.value().shape();
                int fanIn = ws.perImage(); // C/G * R * S for filters, IN for FC weights
                // He keeps hidden activations at unit scale; the output layer starts small in both schemes so
                // the first predictions are near uniform (loss ~ ln 10) instead of confidently wrong.
                double std = init == Init.PAPER || layer.equals(outputLayer) ? 0.01 : Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextGaussian() * std);
            } else {
                java.util.Arrays.fill(v, init == Init.PAPER ? biasInit.getOrDefault(layer, 0f) : 0f);
            }
            be.copyIn(v, p.value());
            be.fill(p.velocity(), 0f);
            be.fill(p.grad(), 0f);
        }
    }

    /** Copies every parameter to the host, in layer order, keyed by name (conv1.weight, conv1.bias, ...). */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Parameter p : params) {
            float[] v = new float[p.value().size()];
            be.copyOut(p.value(), v);
            out.put(p.name(), v);
        }
        return out;
    }

    /** Loads weights by name; every parameter must be present with the right element count. */
    public void loadWeights(Map<String, float[]> weights) {
        for (Parameter p : params) {
            float[] v = weights.get(p.name());
            if (v == null) {
                throw new IllegalArgumentException("weights have no tensor '" + p.name() + "' (preset " + cfg.preset() + ")");
            }
            if (v.length != p.value().size()) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' has " + v.length + " values, the "
                        + cfg.preset() + " preset needs " + p.value().size() + " (" + p.value().shape() + ")");
            }
            be.copyIn(v, p.value());
        }
    }

    /** Momentum buffers by parameter name (for checkpoints). */
    public Map<String, float[]> velocities() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Parameter p : params) {
            float[] v = new float[p.velocity().size()];
            be.copyOut(p.velocity(), v);
            out.put(p.name(), v);
        }
        return out;
    }

    @Override
    public void close() {
        for (Layer l : layers) {
            l.close();
        }
        input.close();
    }
}
