// Rough timing by hand (not a test): each convolution pass against a plain GEMM of the same m, n, k, interleaved in one run.
package dev.alexnet.cpu;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.HostTensor;
import java.util.Arrays;
import java.util.Random;

/** java ... PassProfile [threads] [batch]: per pass, median GFLOP/s and the ratio to the plain GEMM of its shape. */
public final class PassProfile {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        ConvGeom[] layers = {
            new ConvGeom(batch, 64, 13, 13, 192, 5, 5, 1, 2, 1),
            new ConvGeom(batch, 192, 6, 6, 384, 3, 3, 1, 1, 1),
            new ConvGeom(batch, 384, 6, 6, 256, 3, 3, 1, 1, 1),
        };
        try (SimdBackend be = new SimdBackend(new BackendOptions(threads))) {
            System.out.println(be.describe());
            for (ConvGeom g : layers) {
                Random rnd = new Random(1);
                HostTensor x = SimdVsReferenceTest.random(g.inputShape(), rnd, 1);
                HostTensor w = SimdVsReferenceTest.random(g.filterShape(), rnd, 1);
                HostTensor b = SimdVsReferenceTest.random(g.biasShape(), rnd, 1);
                HostTensor y = new HostTensor(g.outputShape());
                HostTensor dx = new HostTensor(g.inputShape());
                HostTensor dw = new HostTensor(g.filterShape());
                int crs = g.c() * g.r() * g.s(), npq = g.n() * g.outH() * g.outW();
                float[] a = new float[g.k() * crs], bm = new float[crs * npq], c = new float[g.k() * npq];
                String[] names = {"gemm k x npq x crs", "fwd", "bwd-data", "bwd-filter", "bwd-data col2im"};
                int rounds = 9;
                double[][] t = new double[5][rounds];
                for (int rep = -2; rep < rounds; rep++) {
                    for (int pass = 0; pass < 5; pass++) {
                        be.setBackwardDataAsForward(pass != 4);
                        long t0 = System.nanoTime();
                        switch (pass) {
                            case 0 -> be.gemm().gemm(false, false, g.k(), npq, crs, a, 0, crs, bm, 0, npq, c, 0, npq, false);
                            case 1 -> be.convForward(g, x, w, b, y);
                            case 2 -> be.convBackwardData(g, y, w, dx);
                            case 3 -> be.convBackwardFilter(g, x, y, dw);
                            default -> be.convBackwardData(g, y, w, dx);
                        }
                        if (rep >= 0) t[pass][rep] = g.flops() / (double) (System.nanoTime() - t0);
                    }
                }
                double gm = med(t[0]);
                for (int pass = 0; pass < 5; pass++) {
                    System.out.printf("c=%d k=%d %-20s median %6.1f GFLOP/s  %.2f of the plain GEMM%n",
                            g.c(), g.k(), names[pass], med(t[pass]), med(t[pass]) / gm);
                }
            }
        }
    }

    static double med(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
