// JMH: SGEMM of the project against OpenBLAS in one run (impl parameter), square and conv2-as-im2col shapes.
package dev.alexnet.bench;

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

/** Time per product; GFLOP/s = 2 m n k / time. Shapes "MxNxK" (JMH splits parameter lists at commas). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SgemmBenchmark {
    @Param({"alexnet", "openblas"})
    public String impl;

    @Param({"1024x1024x1024", "192x21632x1600"})
    public String shape;

    @Param({"0"})
    public int threads;

    private OursSgemm ours;
    private OpenBlasSgemm blas;

    @Setup
    public void setup() {
        String[] f = shape.split("x");
        int m = Integer.parseInt(f[0]), n = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]);
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        SplittableRandom rng = new SplittableRandom(3);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextDouble(-1, 1);
        if (impl.equals("alexnet")) {
            ours = new OursSgemm(m, n, k, a, b, t);
        } else {
            blas = new OpenBlasSgemm(m, n, k, a, b, t);
        }
    }

    @Benchmark
    public void sgemm() {
        if (ours != null) {
            ours.run();
        } else {
            blas.run();
        }
    }

    @TearDown
    public void tearDown() {
        if (ours != null) ours.close();
        if (blas != null) blas.close();
    }
}
