// Measures the FMA ceiling the JIT gives: independent FloatVector accumulators, no memory traffic, on 1..T threads.
package dev.alexnet.bench;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@code FmaPeak [threads]}: median GFLOP/s of 12 chained-free FMA streams per thread (2 FLOP per lane). */
public final class FmaPeak {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    static volatile float sink;

    /** 12 independent accumulators, {@code iters} rounds: 12 * iters FMAs of SP.length() lanes. */
    static float kernel(long iters, float seed) {
        FloatVector a = FloatVector.broadcast(SP, 0.999f), b = FloatVector.broadcast(SP, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(SP, seed), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3),
                c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7), c8 = c0.add(8), c9 = c0.add(9),
                c10 = c0.add(10), c11 = c0.add(11);
        for (long i = 0; i < iters; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    public static void main(String[] args) throws Exception {
        int maxThreads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        long iters = 50_000_000L;
        for (int w = 0; w < 3; w++) sink = kernel(iters / 10, w);
        System.out.printf("# FMA peak probe, %d-bit species, load %s%n", SP.vectorBitSize(), PeerComparison.load());
        for (int t = 1; t <= maxThreads; t++) {
            double[] g = new double[7];
            for (int r = 0; r < g.length; r++) {
                Thread[] th = new Thread[t];
                long t0 = System.nanoTime();
                for (int i = 0; i < t; i++) {
                    final int id = i;
                    th[i] = new Thread(() -> sink = kernel(iters, id));
                    th[i].start();
                }
                for (Thread x : th) x.join();
                g[r] = 2.0 * 12 * SP.length() * iters * t / (System.nanoTime() - t0);
            }
            Arrays.sort(g);
            System.out.printf("%d thread%s: median %.1f GFLOP/s, best %.1f (n=%d)%n", t, t == 1 ? "" : "s", g[3], g[6], g.length);
        }
    }
}
