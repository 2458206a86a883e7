// The project's SGEMM (cpu-simd Gemm through SimdBackend) on heap arrays: C = A B, row-major.
package dev.alexnet.bench;

import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.cpu.SimdBackend;

/** C (m x n) = A (m x k) B (k x n) with the cpu backend's packed GEMM, operands allocated once. */
public final class OursSgemm implements AutoCloseable {
    private final SimdBackend backend;
    private final int m, n, k;
    private final float[] a, b, c;

    public OursSgemm(int m, int n, int k, float[] a, float[] b, int threads) {
        this.backend = new SimdBackend(new BackendOptions(threads));
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.b = b;
        this.c = new float[m * n];
    }

    public String describe() {
        return backend.describe();
    }

    public void run() {
        backend.gemm().gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    }

    public float c(int i, int j) {
        return c[i * n + j];
    }

    @Override
    public void close() {
        backend.close();
    }
}
