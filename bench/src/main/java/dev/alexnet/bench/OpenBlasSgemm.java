// OpenBLAS SGEMM (org.bytedeco:openblas) on off-heap operands: the SGEMM peer of the project's Gemm.
package dev.alexnet.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/** C (m x n) = A (m x k) B (k x n), row-major, no transposes, operands allocated once off-heap. */
public final class OpenBlasSgemm implements AutoCloseable {
    private final int m, n, k;
    private final FloatPointer a, b, c;

    public OpenBlasSgemm(int m, int n, int k, float[] aData, float[] bData, int threads) {
        Loader.load(openblas.class);
        String env = System.getenv("OPENBLAS_NUM_THREADS");
        if (env == null || !env.equals(Integer.toString(threads))) {
            // The preset exposes no openblas_set_num_threads: the count comes from the environment only.
            throw new IllegalStateException("run with OPENBLAS_NUM_THREADS=" + threads + " (bench/run.sh sets it), got " + env);
        }
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = new FloatPointer(aData);
        this.b = new FloatPointer(bData);
        this.c = new FloatPointer((long) m * n);
    }

    /** The library and its thread count, for the report. */
    public static String describe() {
        return "OpenBLAS 0.3.31 (org.bytedeco:openblas 0.3.31-1.5.13), OPENBLAS_NUM_THREADS="
                + System.getenv("OPENBLAS_NUM_THREADS");
    }

    public void run() {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                m, n, k, 1f, a, k, b, n, 0f, c, n);
    }

    /** C(i, j), for checking that both products agree. */
    public float c(int i, int j) {
        return c.get((long) i * n + j);
    }

    @Override
    public void close() {
        a.close();
        b.close();
        c.close();
    }
}
