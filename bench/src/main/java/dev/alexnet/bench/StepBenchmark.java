// JMH: one whole training or inference step of a preset, the project's cpu backend against PyTorch CPU in one run.
package dev.alexnet.bench;

import dev.alexnet.core.model.AlexNetConfig;
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

/** Time per step; images/s = batch / time. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true"})
public class StepBenchmark {
    @Param({"alexnet", "pytorch"})
    public String impl;

    @Param({"fashion"})
    public String preset;

    @Param({"128"})
    public int batch;

    @Param({"0"})
    public int threads;

    private Step step;

    @Setup
    public void setup() {
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        AlexNetConfig cfg = AlexNetConfig.preset(preset);
        step = impl.equals("alexnet") ? new OursStep(cfg, batch, t) : new PyTorchStep(cfg, batch, t);
    }

    @Benchmark
    public void train() {
        step.train();
    }

    @Benchmark
    public void infer() {
        step.infer();
    }

    @TearDown
    public void tearDown() {
        step.close();
    }
}
