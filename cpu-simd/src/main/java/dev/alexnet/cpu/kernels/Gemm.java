// Packed, cache-blocked, register-tiled SGEMM over pluggable packers: serves plain matrices, FC and implicit-im2col convolution.
package dev.alexnet.cpu.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * C[m x n] (+)= A[m x k] B[k x n], BLIS style. Agrees with a naive triple loop (see GemmTest) and,
 * through the ops built on it, with {@code ReferenceBackend.convForward/fcForward/...}.
 *
 * <p>Loops, outer to inner: jc over n by NC (a B block packed into L3), pc over k by KC, ic over m
 * by MC (an A block packed into L2), jr over the block by NR (one B panel of KC x NR stays in L1),
 * ir by MR (the {@link MicroKernel} register tile). When one A block holds all of a thread's rows
 * (m up to MC, as in every convolution here), each B panel is packed right before its tiles instead.
 *
 * <p>Packed layouts (off-heap, per thread, allocated once): an A block is ceil(mc/MR) panels, panel
 * {@code ip} holding {@code a[(ip*kc + p)*MR + i]} = A(ic + ip*MR + i, pc + p); a B block is
 * ceil(nc/NR) panels, panel {@code jp} holding {@code b[(jp*kc + p)*NR + j]} = B(pc + p, jc + jp*NR + j).
 * Rows or columns past the edge are packed as zeros, so the micro-kernel always runs a full tile;
 * edge tiles go through a small tile buffer and {@link StoreC#store}.
 *
 * <p>Threads: the output is split into {@code parts} fixed ranges of whole panels along the longer
 * of m and n; each thread packs its own blocks. Every element of C is summed by one thread in a fixed
 * order (p ascending within KC blocks, blocks ascending), so results do not depend on timing.
 */
public final class Gemm implements Parallel.Task {
    public static final int MR = MicroKernel.MR;
    /**
     * Blocking, derived from the tile width NR so that one packed B panel (KC x NR) is 16 KB, half
     * of the 32 KB L1, next to a 6 x KC A panel: KC = 4096 / NR (512, 256, 128 for NR = 8, 16, 32).
     * MC x KC of packed A is 144 x 256 floats = 144 KB, in L2; KC x NC of packed B is 4 MB, in L3.
     */
    static int kcFor(int nr) {
        return 4096 / nr;
    }

    static int mcFor(int nr) {
        return 144 * 256 / kcFor(nr);
    }

    static int ncFor(int nr) {
        return (1 << 20) / kcFor(nr);
    }

    /** The largest N block of any width (for tests that cross it). */
    public static final int NC_MAX = 8192;
    /** Below this many multiply-adds a product runs on one thread: waking the pool costs more. */
    static final long PARALLEL_MIN_FMAS = 1L << 18;

    /** Packs an A block: rows [i0, i0+mc), k range [p0, p0+kc), layout as in the class comment. */
    public interface PackA {
        void pack(MemorySegment dst, int i0, int mc, int p0, int kc, Scratch s);
    }

    /** Packs a B block: k range [p0, p0+kc), columns [j0, j0+nc), panels of {@code nr} columns. */
    public interface PackB {
        void pack(MemorySegment dst, int p0, int kc, int j0, int nc, int nr, Scratch s);
    }

    /** Where C lives. A plain matrix returns its array from {@link #array()}; others scatter tiles. */
    public interface StoreC {
        /** The row-major array the kernel may write full tiles into directly, or null. */
        float[] array();

        int offset();

        int ld();

        /** C(i0+i, j0+j) (+)= tile[i*ldt + j] for i < mr, j < nr. */
        void store(float[] tile, int ldt, int i0, int mr, int j0, int nr, boolean add);
    }

    /** Per-thread scratch: packed blocks plus small index tables for the convolution packers. */
    public static final class Scratch {
        final MemorySegment packA;
        final MemorySegment packB;
        final float[] tile;
        // Per-column (or per-row) tables of one panel, filled by the implicit-im2col packers.
        final int[] base;
        final int[] y0;
        final int[] x0;
        // Runs of a panel's columns that share one output row (or one filter row): first column, length.
        final int[] runStart;
        final int[] runLen;

        Scratch(Arena arena, int nr) {
            packA = arena.allocate(4L * mcFor(nr) * kcFor(nr), 64);
            packB = arena.allocate(4L * kcFor(nr) * ncFor(nr), 64);
            tile = new float[MR * nr];
            int t = Math.max(MR, nr);
            base = new int[t];
            y0 = new int[t];
            x0 = new int[t];
            runStart = new int[t];
            runLen = new int[t];
        }
    }

    private final MicroKernel kernel;
    private final int nr;
    private final int kcBlock;
    private final int mcBlock;
    private final int ncBlock;
    private final Parallel parallel;
    private final Scratch[] scratch;
    // Reused plain-matrix operands, so that calls allocate nothing.
    private final MatA matA = new MatA();
    private final MatB matB = new MatB();
    private final MatC matC = new MatC();

    // The product being computed by run(part, parts); set by multiply() before the parallel region.
    private int m;
    private int n;
    private int k;
    private PackA pa;
    private PackB pb;
    private StoreC sc;
    private boolean add;

    public Gemm(MicroKernel kernel, Parallel parallel, Arena arena) {
        this.kernel = kernel;
        this.nr = kernel.nr();
        this.kcBlock = kcFor(nr);
        this.mcBlock = mcFor(nr);
        this.ncBlock = ncFor(nr);
        this.parallel = parallel;
        this.scratch = new Scratch[parallel.threads()];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Scratch(arena, nr);
        }
    }

    public int nr() {
        return nr;
    }

    public MicroKernel kernel() {
        return kernel;
    }

    /**
     * Plain row-major matrices: C = (add ? C : 0) + op(A) op(B), op(A) (m, k), op(B) (k, n).
     * A(i, p) = transA ? a[aOff + p*lda + i] : a[aOff + i*lda + p];
     * B(p, j) = transB ? b[bOff + j*ldb + p] : b[bOff + p*ldb + j]; C(i, j) = c[cOff + i*ldc + j].
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean add) {
        matA.set(a, aOff, lda, transA);
        matB.set(b, bOff, ldb, transB);
        matC.set(c, cOff, ldc);
        multiply(m, n, k, matA, matB, matC, add);
    }

    /** C (+)= A B through the given packers and store; the general entry point. */
    public void multiply(int m, int n, int k, PackA pa, PackB pb, StoreC sc, boolean add) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            throw new IllegalArgumentException("gemm with k = " + k);
        }
        this.m = m;
        this.n = n;
        this.k = k;
        this.pa = pa;
        this.pb = pb;
        this.sc = sc;
        this.add = add;
        int panels = n >= m ? (n + nr - 1) / nr : (m + MR - 1) / MR;
        int parts = (long) m * n * k < PARALLEL_MIN_FMAS ? 1 : Math.min(parallel.threads(), panels);
        try {
            parallel.run(parts, this);
        } finally {
            this.pa = null;
            this.pb = null;
            this.sc = null;
        }
    }

    @Override
    public void run(int part, int parts) {
        int m0 = 0;
        int m1 = m;
        int n0 = 0;
        int n1 = n;
        if (n >= m) {
            int panels = (n + nr - 1) / nr;
            n0 = Parallel.start(panels, part, parts) * nr;
            n1 = Math.min(n, Parallel.start(panels, part + 1, parts) * nr);
        } else {
            int panels = (m + MR - 1) / MR;
            m0 = Parallel.start(panels, part, parts) * MR;
            m1 = Math.min(m, Parallel.start(panels, part + 1, parts) * MR);
        }
        if (m0 < m1 && n0 < n1) {
            block(m0, m1, n0, n1, scratch[part]);
        }
    }

    private void block(int m0, int m1, int n0, int n1, Scratch s) {
        final MicroKernel mk = kernel;
        final int nr = this.nr;
        final float[] direct = sc.array();
        final int cOff = sc.offset();
        final int ldc = sc.ld();
        final int kcB = kcBlock, mcB = mcBlock, ncB = ncBlock;
        for (int jc = n0; jc < n1; jc += ncB) {
            int nc = Math.min(ncB, n1 - jc);
            for (int pc = 0; pc < k; pc += kcB) {
                int kc = Math.min(kcB, k - pc);
                boolean addHere = add || pc > 0;
                if (m1 - m0 <= mcB) {
                    // One A block covers every row: pack it once, then pack each B panel just before
                    // its tiles run, so the panel is read back from L1 instead of from a 4 MB block.
                    int mc = m1 - m0;
                    pa.pack(s.packA, m0, mc, pc, kc, s);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nrr = Math.min(nr, nc - jr);
                        pb.pack(s.packB, pc, kc, jc + jr, nrr, nr, s);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mrr = Math.min(MR, mc - ir);
                            long aOff = 4L * (ir / MR) * kc * MR;
                            if (direct != null && mrr == MR && nrr == nr) {
                                mk.run(kc, s.packA, aOff, s.packB, 0L, direct,
                                        cOff + (m0 + ir) * ldc + jc + jr, ldc, addHere);
                            } else {
                                mk.run(kc, s.packA, aOff, s.packB, 0L, s.tile, 0, nr, false);
                                sc.store(s.tile, nr, m0 + ir, mrr, jc + jr, nrr, addHere);
                            }
                        }
                    }
                    continue;
                }
                pb.pack(s.packB, pc, kc, jc, nc, nr, s);
                for (int ic = m0; ic < m1; ic += mcB) {
                    int mc = Math.min(mcB, m1 - ic);
                    pa.pack(s.packA, ic, mc, pc, kc, s);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nrr = Math.min(nr, nc - jr);
                        long bOff = 4L * (jr / nr) * kc * nr;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mrr = Math.min(MR, mc - ir);
                            long aOff = 4L * (ir / MR) * kc * MR;
                            if (direct != null && mrr == MR && nrr == nr) {
                                mk.run(kc, s.packA, aOff, s.packB, bOff, direct,
                                        cOff + (ic + ir) * ldc + jc + jr, ldc, addHere);
                            } else {
                                mk.run(kc, s.packA, aOff, s.packB, bOff, s.tile, 0, nr, false);
                                sc.store(s.tile, nr, ic + ir, mrr, jc + jr, nrr, addHere);
                            }
                        }
                    }
                }
            }
        }
    }

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    /** A plain row-major A, optionally transposed. */
    public static final class MatA implements PackA {
        private float[] a;
        private int off;
        private int ld;
        private boolean trans;

        public MatA set(float[] a, int off, int ld, boolean trans) {
            this.a = a;
            this.off = off;
            this.ld = ld;
            this.trans = trans;
            return this;
        }

        @Override
        public void pack(MemorySegment dst, int i0, int mc, int p0, int kc, Scratch s) {
            final float[] a = this.a;
            long d = 0;
            for (int ip = 0; ip < mc; ip += MR) {
                int rows = Math.min(MR, mc - ip);
                if (trans) {
                    // A(i, p) = a[p*ld + i]: each k step reads MR consecutive floats.
                    int src = off + (p0) * ld + i0 + ip;
                    for (int p = 0; p < kc; p++, src += ld) {
                        for (int i = 0; i < MR; i++) {
                            dst.setAtIndex(F, d++, i < rows ? a[src + i] : 0f);
                        }
                    }
                } else {
                    // A(i, p) = a[i*ld + p]: MR rows read side by side, each one sequentially.
                    int src = off + (i0 + ip) * ld + p0;
                    if (rows == MR) {
                        for (int p = 0; p < kc; p++) {
                            int q = src + p;
                            dst.setAtIndex(F, d, a[q]);
                            dst.setAtIndex(F, d + 1, a[q + ld]);
                            dst.setAtIndex(F, d + 2, a[q + 2 * ld]);
                            dst.setAtIndex(F, d + 3, a[q + 3 * ld]);
                            dst.setAtIndex(F, d + 4, a[q + 4 * ld]);
                            dst.setAtIndex(F, d + 5, a[q + 5 * ld]);
                            d += MR;
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            for (int i = 0; i < MR; i++) {
                                dst.setAtIndex(F, d++, i < rows ? a[src + i * ld + p] : 0f);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A plain row-major B, optionally transposed. */
    public static final class MatB implements PackB {
        private float[] b;
        private int off;
        private int ld;
        private boolean trans;

        public MatB set(float[] b, int off, int ld, boolean trans) {
            this.b = b;
            this.off = off;
            this.ld = ld;
            this.trans = trans;
            return this;
        }

        @Override
        public void pack(MemorySegment dst, int p0, int kc, int j0, int nc, int nr, Scratch s) {
            final float[] b = this.b;
            long d = 0;
            for (int jp = 0; jp < nc; jp += nr) {
                int cols = Math.min(nr, nc - jp);
                if (!trans) {
                    // B(p, j) = b[p*ld + j]: each k step is one contiguous run of NR floats.
                    int src = off + p0 * ld + j0 + jp;
                    for (int p = 0; p < kc; p++, src += ld) {
                        MemorySegment.copy(b, src, dst, F, 4L * d, cols);
                        for (int j = cols; j < nr; j++) {
                            dst.setAtIndex(F, d + j, 0f);
                        }
                        d += nr;
                    }
                } else {
                    // B(p, j) = b[j*ld + p]: walk each of the NR source rows sequentially.
                    int src = off + (j0 + jp) * ld + p0;
                    for (int j = 0; j < nr; j++) {
                        long dd = d + j;
                        if (j < cols) {
                            int q = src + j * ld;
                            for (int p = 0; p < kc; p++, dd += nr) {
                                dst.setAtIndex(F, dd, b[q + p]);
                            }
                        } else {
                            for (int p = 0; p < kc; p++, dd += nr) {
                                dst.setAtIndex(F, dd, 0f);
                            }
                        }
                    }
                    d += (long) kc * nr;
                }
            }
        }
    }

    /** A plain row-major C of n columns. */
    public static final class MatC implements StoreC {
        private float[] c;
        private int off;
        private int ld;

        public MatC set(float[] c, int off, int ld) {
            this.c = c;
            this.off = off;
            this.ld = ld;
            return this;
        }

        @Override public float[] array() { return c; }

        @Override public int offset() { return off; }

        @Override public int ld() { return ld; }

        @Override
        public void store(float[] tile, int ldt, int i0, int mr, int j0, int nr, boolean add) {
            for (int i = 0; i < mr; i++) {
                int o = off + (i0 + i) * ld + j0;
                int t = i * ldt;
                if (add) {
                    for (int j = 0; j < nr; j++) {
                        c[o + j] += tile[t + j];
                    }
                } else {
                    System.arraycopy(tile, t, c, o, nr);
                }
            }
        }
    }
}
