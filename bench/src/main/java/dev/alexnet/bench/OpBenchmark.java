// JMH: each cpu-backend op of the fashion network at batch 128 (conv passes per layer, LRN, pooling, ReLU, SGD).
package dev.alexnet.bench;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.HostTensor;
import dev.alexnet.cpu.SimdBackend;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Time per op call. Convolution GFLOP/s = ConvGeom.flops() / time. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OpBenchmark {
    /** The fashion network's convolutions: conv1 .. conv5 at batch 128. */
    @Param({"conv1", "conv2", "conv3", "conv4", "conv5"})
    public String layer;

    @Param({"0"})
    public int threads;

    private SimdBackend be;
    private ConvGeom g;
    private HostTensor x, w, b, y, dx, dw, lrnScale, lrnY, pooled;
    private PoolGeom pool;

    @Setup
    public void setup() {
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        be = new SimdBackend(new BackendOptions(t));
        int n = 128;
        g = switch (layer) {
            case "conv1" -> new ConvGeom(n, 1, 28, 28, 64, 5, 5, 1, 2, 1);
            case "conv2" -> new ConvGeom(n, 64, 13, 13, 192, 5, 5, 1, 2, 1);
            case "conv3" -> new ConvGeom(n, 192, 6, 6, 384, 3, 3, 1, 1, 1);
            case "conv4" -> new ConvGeom(n, 384, 6, 6, 256, 3, 3, 1, 1, 1);
            default -> new ConvGeom(n, 256, 6, 6, 256, 3, 3, 1, 1, 1);
        };
        SplittableRandom rng = new SplittableRandom(5);
        x = random(g.inputShape(), rng);
        w = random(g.filterShape(), rng);
        b = random(g.biasShape(), rng);
        y = random(g.outputShape(), rng);
        dx = new HostTensor(g.inputShape());
        dw = new HostTensor(g.filterShape());
        lrnScale = new HostTensor(g.outputShape());
        lrnY = new HostTensor(g.outputShape());
        Shape o = g.outputShape();
        pool = new PoolGeom(o.n(), o.c(), o.h(), o.w(), 3, 2);
        pooled = new HostTensor(pool.outputShape());
    }

    static HostTensor random(Shape s, SplittableRandom rng) {
        HostTensor t = new HostTensor(s);
        float[] d = HostTensor.data(t);
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextDouble(-1, 1);
        return t;
    }

    @Benchmark
    public void convForward() {
        be.convForward(g, x, w, b, y);
    }

    @Benchmark
    public void convBackwardData() {
        be.convBackwardData(g, y, w, dx);
    }

    @Benchmark
    public void convBackwardFilter() {
        be.convBackwardFilter(g, x, y, dw);
    }

    /** LRN and pooling on this layer's output shape. */
    @Benchmark
    public void lrnForward() {
        be.lrnForward(LrnParams.PAPER, y, lrnY, lrnScale);
    }

    @Benchmark
    public void maxPoolForward() {
        be.maxPoolForward(pool, y, pooled);
    }

    @Benchmark
    public void reluForward() {
        be.reluForward(y, lrnY);
    }

    @TearDown
    public void tearDown() {
        be.close();
    }
}
