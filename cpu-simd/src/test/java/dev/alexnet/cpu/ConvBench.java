// Rough timing by hand (not a test) of the three convolution passes of one layer: java ... ConvBench [threads] [bits] [batch]
package dev.alexnet.cpu;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.HostTensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

public final class ConvBench {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int bits = args.length > 1 ? Integer.parseInt(args[1]) : SimdBackend.bitsFromProperty();
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        ConvGeom[] layers = {
            new ConvGeom(batch, 64, 13, 13, 192, 5, 5, 1, 2, 1),
            new ConvGeom(batch, 192, 6, 6, 384, 3, 3, 1, 1, 1),
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (SimdBackend be = new SimdBackend(new BackendOptions(threads), bits)) {
            System.out.println(be.describe());
            for (ConvGeom g : layers) {
                Random rnd = new Random(1);
                HostTensor x = SimdVsReferenceTest.random(g.inputShape(), rnd, 1);
                HostTensor w = SimdVsReferenceTest.random(g.filterShape(), rnd, 1);
                HostTensor b = SimdVsReferenceTest.random(g.biasShape(), rnd, 1);
                HostTensor y = new HostTensor(g.outputShape());
                HostTensor dx = new HostTensor(g.inputShape());
                HostTensor dw = new HostTensor(g.filterShape());
                String[] names = {"fwd", "bwd-data", "bwd-filter"};
                for (int pass = 0; pass < 3; pass++) {
                    double[] wall = new double[7];
                    double[] cpu = new double[7];
                    for (int rep = 0; rep < wall.length; rep++) {
                        long c0 = mx.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        switch (pass) {
                            case 0 -> be.convForward(g, x, w, b, y);
                            case 1 -> be.convBackwardData(g, y, w, dx);
                            default -> be.convBackwardFilter(g, x, y, dw);
                        }
                        long t1 = System.nanoTime();
                        long c1 = mx.getCurrentThreadCpuTime();
                        wall[rep] = g.flops() / (double) (t1 - t0);
                        cpu[rep] = g.flops() / (double) (c1 - c0);
                    }
                    Arrays.sort(wall);
                    Arrays.sort(cpu);
                    System.out.printf("%s %-10s median %.1f best %.1f GFLOP/s wall; median %.1f per CPU-s of thread 0%n",
                            g, names[pass], wall[3], wall[6], cpu[3]);
                }
            }
        }
    }
}
