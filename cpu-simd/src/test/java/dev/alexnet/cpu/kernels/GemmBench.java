// Rough SGEMM timing by hand (not a test): java -cp ... dev.alexnet.cpu.kernels.GemmBench [threads] [bits]
package dev.alexnet.cpu.kernels;

import java.lang.foreign.Arena;
import java.util.Random;

public final class GemmBench {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int bits = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        try (Arena arena = Arena.ofShared(); Parallel par = new Parallel(threads)) {
            Gemm g = new Gemm(MicroKernel.forBits(bits), par, arena);
            run(g, 1024, 1024, 1024, false, false);
            run(g, 192, 128 * 169, 1600, false, false);
            run(g, 2048, 128, 2048, false, true);
        }
    }

    static void run(Gemm g, int m, int n, int k, boolean ta, boolean tb) {
        Random rnd = new Random(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat();
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat();
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        double best = 0;
        double[] all = new double[12];
        double[] cpu = new double[12];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < all.length; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            g.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
            long t1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            all[rep] = 2.0 * m * n * k / (t1 - t0);
            // Per CPU-second of the calling thread: meaningful on a loaded machine for 1 thread only.
            cpu[rep] = 2.0 * m * n * k / (c1 - c0);
            best = Math.max(best, all[rep]);
        }
        java.util.Arrays.sort(all);
        java.util.Arrays.sort(cpu);
        System.out.printf("M=%d N=%d K=%d ta=%b tb=%b: median %.1f best %.1f GFLOP/s wall; median %.1f per CPU-s of thread 0%n",
                m, n, k, ta, tb, all[all.length / 2], best, cpu[cpu.length / 2]);
    }
}
