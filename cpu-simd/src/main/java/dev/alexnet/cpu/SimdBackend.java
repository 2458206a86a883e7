// The "cpu" backend: every Backend op on heap HostTensors, computed by the Vector API kernels over a fixed thread pool.
package dev.alexnet.cpu;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.HostTensor;
import dev.alexnet.core.spi.Tensor;
import dev.alexnet.cpu.kernels.Elementwise;
import dev.alexnet.cpu.kernels.Gemm;
import dev.alexnet.cpu.kernels.Im2col;
import dev.alexnet.cpu.kernels.LrnKernels;
import dev.alexnet.cpu.kernels.MicroKernel;
import dev.alexnet.cpu.kernels.Parallel;
import dev.alexnet.cpu.kernels.PoolKernels;
import java.lang.foreign.Arena;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API CPU backend. Tensors are {@link HostTensor}s (heap {@code float[]}, NCHW), so the
 * trainer and the tests share data with the reference backend without copies. Convolutions are
 * implicit im2col + packed SGEMM ({@link Gemm}, layout in {@link Im2col}); FC layers are SGEMMs.
 *
 * <p>Scratch (packed GEMM blocks off-heap in this backend's arena, the flipped filters of stride-1
 * backward-data, the column buffer of strided backward-data
 * and per-thread LRN planes on the heap) is sized once or grown on demand and reused, so a steady
 * training step allocates nothing. Not thread-safe: one caller at a time.
 *
 * <p>Results are identical run to run for a given thread count and width: every partition is
 * fixed, and no two threads add into the same output element.
 */
public final class SimdBackend implements Backend {
    /** Forces the vector width: 128, 256, 512, or 0 for the scalar path. Read only in {@link #bitsFromProperty()}. */
    public static final String BITS_PROPERTY = "alexnet.simd.bits";
    /** Elementwise ops below this many elements stay on the calling thread. */
    private static final int PARALLEL_MIN_ELEMENTS = 1 << 15;
    /**
     * Convolutions process images in chunks whose column buffer (backward-data) or output matrix
     * (forward) holds at most this many floats (16 MB): the whole fashion batch of 128 for conv2's
     * output, 14 images of the paper's conv1.
     */
    private static final int CHUNK_MAX_FLOATS = 1 << 22;
    private final int chunkMaxFloats;

    private final int bits;
    // False for bits = 0: the element-wise and LRN kernels then take their scalar paths too.
    private final boolean vector;
    private final Parallel parallel;
    private final Arena arena;
    private final Gemm gemm;
    private final int threads;

    // Reused GEMM operands (set per call; no allocation in the step).
    private final Gemm.MatA matA = new Gemm.MatA();
    private final Gemm.MatC matC = new Gemm.MatC();
    private final Im2col.ColB colB = new Im2col.ColB();
    private final Im2col.ColTB colTB = new Im2col.ColTB();
    private final Im2col.DyA dyA = new Im2col.DyA();
    private final Im2col.DyB dyB = new Im2col.DyB();
    private final Ops ops = new Ops();

    // Backward-data column buffer (Cg*R*S, nb*P*Q) and forward output matrix (K, N*P*Q), grown on demand.
    private float[] dcol = new float[0];
    private float[] ycol = new float[0];
    // Backward-data as a forward convolution: the flipped filters, a zero bias, the transposed geometry per layer shape.
    private float[] wflip = new float[0];
    private float[] zeroBias = new float[0];
    private final java.util.Map<ConvGeom, ConvGeom> flipGeoms = new java.util.HashMap<>();
    // False forces every backward-data through GEMM + col2im (for A/B timing and tests).
    private boolean backwardDataAsForward = true;

    void setBackwardDataAsForward(boolean on) {
        this.backwardDataAsForward = on;
    }
    // Per-thread LRN backward scratch: dy y / scale for one image.
    private final float[][] lrnRatio;

    /** A backend with the width chosen by {@link #bitsFromProperty()}. */
    public SimdBackend(BackendOptions options) {
        this(options, bitsFromProperty());
    }

    /** A backend on the given species; {@code null} selects the scalar path. */
    public SimdBackend(BackendOptions options, VectorSpecies<Float> species) {
        this(options, species == null ? 0 : species.vectorBitSize());
    }

    /** A backend whose GEMM tile uses {@code bits}-wide vectors (128, 256, 512) or scalars (0). */
    public SimdBackend(BackendOptions options, int bits) {
        this(options, bits, CHUNK_MAX_FLOATS);
    }

    /** As above with a smaller image-chunk bound, so that tests can force several chunks per batch. */
    SimdBackend(BackendOptions options, int bits, int chunkMaxFloats) {
        if (chunkMaxFloats < 1) {
            throw new IllegalArgumentException("chunk bound must be positive, got " + chunkMaxFloats);
        }
        this.chunkMaxFloats = chunkMaxFloats;
        MicroKernel kernel = MicroKernel.forBits(bits);
        this.bits = bits;
        this.vector = bits != 0;
        this.threads = options.resolvedThreads();
        this.parallel = new Parallel(threads);
        this.arena = Arena.ofShared();
        this.gemm = new Gemm(kernel, parallel, arena);
        this.lrnRatio = new float[threads][0];
    }

    /**
     * The width from {@code -Dalexnet.simd.bits} (128, 256, 512, 0 = scalar), else the host's
     * preferred species, capped at 512. The one place the property is read.
     */
    public static int bitsFromProperty() {
        String v = System.getProperty(BITS_PROPERTY);
        if (v == null || v.isBlank()) {
            int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
            return preferred >= 512 ? 512 : preferred >= 256 ? 256 : preferred >= 128 ? 128 : 0;
        }
        int bits;
        try {
            bits = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BITS_PROPERTY + " must be 0, 128, 256 or 512, got '" + v + "'");
        }
        if (bits != 0 && bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException(BITS_PROPERTY + " must be 0, 128, 256 or 512, got " + bits);
        }
        return bits;
    }

    /** The GEMM engine, for benchmarks and tests. */
    public Gemm gemm() {
        return gemm;
    }

    public int bits() {
        return bits;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String describe() {
        return "cpu: Vector API, " + (bits == 0 ? "scalar" : bits + "-bit") + " GEMM tile " + Gemm.MR + "x" + gemm.nr()
                + ", " + threads + " thread" + (threads == 1 ? "" : "s");
    }

    // ---- memory -------------------------------------------------------------------------------

    @Override
    public Tensor allocate(Shape shape) {
        return new HostTensor(shape);
    }

    @Override
    public void copyIn(float[] src, Tensor dst) {
        float[] d = HostTensor.data(dst);
        if (src.length != d.length) {
            throw new IllegalArgumentException("copyIn: " + src.length + " floats into a tensor of " + dst.shape());
        }
        System.arraycopy(src, 0, d, 0, d.length);
    }

    @Override
    public void copyOut(Tensor src, float[] dst) {
        float[] s = HostTensor.data(src);
        if (dst.length != s.length) {
            throw new IllegalArgumentException("copyOut: tensor of " + src.shape() + " into " + dst.length + " floats");
        }
        System.arraycopy(s, 0, dst, 0, s.length);
    }

    @Override
    public void fill(Tensor t, float value) {
        java.util.Arrays.fill(HostTensor.data(t), value);
    }

    // ---- convolution ----------------------------------------------------------------------------

    // x (N, C, H, W), w (K, C/G, R, S), b (K), y (N, K, P, Q); per group g: Y_g = W_g col_g + b.
    @Override
    public void convForward(ConvGeom g, Tensor x, Tensor w, Tensor b, Tensor y) {
        float[] xd = data(x, g.inputShape(), "x");
        float[] wd = data(w, g.filterShape(), "w");
        float[] bd = vector(b, g.k(), "b");
        float[] yd = data(y, g.outputShape(), "y");
        convForward(g, xd, wd, bd, yd);
    }

    private void convForward(ConvGeom g, float[] xd, float[] wd, float[] bd, float[] yd) {
        final int pq = g.outH() * g.outW();
        final int crs = g.cPerGroup() * g.r() * g.s();
        final int kg = g.kPerGroup();
        // The GEMM writes Y as a plain (K, nb*P*Q) matrix with full-width vector stores; one parallel
        // pass then moves it to NCHW and adds the bias. Scattering each tile straight into NCHW
        // instead costs a division and strided stores per column, about as much as the tile's FMAs.
        // Images go in chunks so that this matrix stays within chunkMaxFloats.
        final int nb = Math.max(1, Math.min(g.n(), chunkMaxFloats / Math.max(1, g.k() * pq)));
        if (ycol.length < g.k() * nb * pq) {
            ycol = new float[g.k() * nb * pq];
        }
        for (int img0 = 0; img0 < g.n(); img0 += nb) {
            final int count = Math.min(nb, g.n() - img0);
            final int cols = count * pq;
            for (int grp = 0; grp < g.groups(); grp++) {
                gemm.multiply(kg, cols, crs,
                        matA.set(wd, grp * kg * crs, crs, false),
                        colB.set(xd, g, grp * g.cPerGroup(), img0),
                        matC.set(ycol, grp * kg * cols, cols), false);
            }
            ops.unfoldBias(ycol, bd, yd, img0, count, g.k(), pq);
        }
    }

    // dy (N, K, P, Q), w (K, C/G, R, S) -> dx (N, C, H, W), overwritten; per group dcol = W_g^T dY_g, dx += col2im(dcol).
    @Override
    public void convBackwardData(ConvGeom g, Tensor dy, Tensor w, Tensor dx) {
        float[] dyd = data(dy, g.outputShape(), "dy");
        float[] wd = data(w, g.filterShape(), "w");
        float[] dxd = data(dx, g.inputShape(), "dx");
        if (backwardDataAsForward && g.stride() == 1 && g.r() == g.s() && g.pad() <= g.r() - 1) {
            transposedForward(g, dyd, wd, dxd);
            return;
        }
        final int pq = g.outH() * g.outW();
        final int crs = g.cPerGroup() * g.r() * g.s();
        final int kg = g.kPerGroup();
        final int nb = Math.max(1, Math.min(g.n(), chunkMaxFloats / Math.max(1, crs * pq)));
        if (dcol.length < crs * nb * pq) {
            dcol = new float[crs * nb * pq];
        }
        ops.range(Ops.FILL_ZERO, dxd.length, dxd, null, null);
        for (int img0 = 0; img0 < g.n(); img0 += nb) {
            int count = Math.min(nb, g.n() - img0);
            for (int grp = 0; grp < g.groups(); grp++) {
                gemm.multiply(crs, count * pq, kg,
                        matA.set(wd, grp * kg * crs, crs, true),
                        dyB.set(dyd, g, grp * kg, img0),
                        matC.set(dcol, 0, count * pq), false);
                ops.col2im(dcol, count * pq, g, grp * g.cPerGroup(), img0, count, dxd);
            }
        }
    }

    /**
     * Backward-data of a stride-1 convolution as a forward one: dx = conv(dy, W') with pad R-1-pad,
     * W'[c, kl, r, s] = W[grp*Kg + kl, c - grp*Cg, R-1-r, S-1-s] for c in group grp, zero bias. It
     * runs on the forward path's packers and needs neither the column buffer nor col2im.
     */
    private void transposedForward(ConvGeom g, float[] dyd, float[] wd, float[] dxd) {
        ConvGeom flipGeom = flipGeoms.get(g);
        if (flipGeom == null) {
            flipGeom = new ConvGeom(g.n(), g.k(), g.outH(), g.outW(), g.c(), g.r(), g.s(), 1, g.r() - 1 - g.pad(), g.groups());
            flipGeoms.put(g, flipGeom);
        }
        final int kg = g.kPerGroup(), cg = g.cPerGroup(), r = g.r(), sk = g.s(), rs = r * sk;
        if (wflip.length < wd.length) {
            wflip = new float[wd.length];
        }
        if (zeroBias.length < g.c()) {
            zeroBias = new float[g.c()];
        }
        for (int k = 0; k < g.k(); k++) {
            final int grp = k / kg, kl = k - grp * kg;
            for (int cl = 0; cl < cg; cl++) {
                final int src = (k * cg + cl) * rs;
                final int dst = ((grp * cg + cl) * kg + kl) * rs;
                for (int i = 0; i < rs; i++) {
                    wflip[dst + rs - 1 - i] = wd[src + i];
                }
            }
        }
        convForward(flipGeom, dyd, wflip, zeroBias, dxd);
    }

    // x (N, C, H, W), dy (N, K, P, Q) -> dw (K, C/G, R, S) += dY_g col_g^T, summed over the batch.
    @Override
    public void convBackwardFilter(ConvGeom g, Tensor x, Tensor dy, Tensor dw) {
        float[] xd = data(x, g.inputShape(), "x");
        float[] dyd = data(dy, g.outputShape(), "dy");
        float[] dwd = data(dw, g.filterShape(), "dw");
        final int pq = g.outH() * g.outW();
        final int crs = g.cPerGroup() * g.r() * g.s();
        final int kg = g.kPerGroup();
        for (int grp = 0; grp < g.groups(); grp++) {
            gemm.multiply(kg, crs, g.n() * pq,
                    dyA.set(dyd, g, grp * kg),
                    colTB.set(xd, g, grp * g.cPerGroup()),
                    matC.set(dwd, grp * kg * crs, crs), true);
        }
    }

    // dy (N, K, P, Q) -> db (K) += sum over N, P, Q.
    @Override
    public void convBackwardBias(ConvGeom g, Tensor dy, Tensor db) {
        float[] dyd = data(dy, g.outputShape(), "dy");
        float[] dbd = vector(db, g.k(), "db");
        Elementwise.convBias(dyd, dbd, g.n(), g.k(), g.outH() * g.outW(), 0, g.k());
    }

    // ---- fully connected ----------------------------------------------------------------------

    // x (N, in), w (out, in), b (out) -> y (N, out) = x w^T + b.
    @Override
    public void fcForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        int n = x.shape().n();
        int in = x.shape().perImage();
        int out = w.shape().n();
        requireFc(x, w, n, in, out);
        float[] yd = data(y, Shape.matrix(n, out), "y");
        float[] bd = vector(b, out, "b");
        Elementwise.fillRows(yd, bd, n, out);
        gemm.gemm(false, true, n, out, in, HostTensor.data(x), 0, in, HostTensor.data(w), 0, in, yd, 0, out, true);
    }

    // x (N, in), w (out, in), dy (N, out) -> dw (out, in) += dy^T x, db (out) += column sums, dx (N, in) = dy w.
    @Override
    public void fcBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        int n = x.shape().n();
        int in = x.shape().perImage();
        int out = w.shape().n();
        requireFc(x, w, n, in, out);
        float[] dyd = data(dy, Shape.matrix(n, out), "dy");
        float[] dwd = data(dw, w.shape(), "dw");
        float[] dbd = vector(db, out, "db");
        float[] xd = HostTensor.data(x);
        float[] wd = HostTensor.data(w);
        gemm.gemm(true, false, out, in, n, dyd, 0, out, xd, 0, in, dwd, 0, in, true);
        Elementwise.columnSums(dyd, dbd, n, out, 0, out);
        if (dx != null) {
            if (dx.size() != x.size()) {
                throw new IllegalArgumentException("dx: expected " + x.size() + " elements like x " + x.shape()
                        + ", got " + dx.shape());
            }
            gemm.gemm(false, false, n, in, out, dyd, 0, out, wd, 0, in, HostTensor.data(dx), 0, in, false);
        }
    }

    private static void requireFc(Tensor x, Tensor w, int n, int in, int out) {
        Shape ws = w.shape();
        if (ws.h() != 1 || ws.w() != 1 || ws.c() != in) {
            throw new IllegalArgumentException("fc: w must be (" + out + ", " + in + ", 1, 1) for x " + x.shape()
                    + ", got " + ws);
        }
    }

    // ---- ReLU ---------------------------------------------------------------------------------

    @Override
    public void reluForward(Tensor x, Tensor y) {
        float[] xd = HostTensor.data(x);
        float[] yd = sized(y, xd.length, "y");
        ops.range(Ops.RELU_FWD, xd.length, xd, yd, null);
    }

    @Override
    public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        float[] yd = HostTensor.data(y);
        float[] dyd = sized(dy, yd.length, "dy");
        float[] dxd = sized(dx, yd.length, "dx");
        ops.range(Ops.RELU_BWD, yd.length, yd, dyd, dxd);
    }

    // ---- LRN ----------------------------------------------------------------------------------

    @Override
    public void lrnForward(LrnParams p, Tensor x, Tensor y, Tensor scale) {
        Shape s = x.shape();
        float[] xd = HostTensor.data(x);
        float[] yd = data(y, s, "y");
        float[] sd = data(scale, s, "scale");
        growLrn(s);
        ops.lrn(false, p, s, xd, yd, sd, null, null);
    }

    @Override
    public void lrnBackward(LrnParams p, Tensor x, Tensor y, Tensor scale, Tensor dy, Tensor dx) {
        Shape s = x.shape();
        float[] xd = HostTensor.data(x);
        float[] yd = data(y, s, "y");
        float[] sd = data(scale, s, "scale");
        float[] dyd = data(dy, s, "dy");
        float[] dxd = data(dx, s, "dx");
        growLrn(s);
        ops.lrn(true, p, s, xd, yd, sd, dyd, dxd);
    }

    private void growLrn(Shape s) {
        for (int t = 0; t < threads; t++) {
            if (lrnRatio[t].length < s.perImage()) {
                lrnRatio[t] = new float[s.perImage()];
            }
        }
    }

    // ---- max pooling --------------------------------------------------------------------------

    @Override
    public void maxPoolForward(PoolGeom g, Tensor x, Tensor y) {
        float[] xd = data(x, g.inputShape(), "x");
        float[] yd = data(y, g.outputShape(), "y");
        ops.pool(false, g, xd, yd, null, null);
    }

    @Override
    public void maxPoolBackward(PoolGeom g, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        float[] xd = data(x, g.inputShape(), "x");
        data(y, g.outputShape(), "y");
        float[] dyd = data(dy, g.outputShape(), "dy");
        float[] dxd = data(dx, g.inputShape(), "dx");
        ops.pool(true, g, xd, null, dyd, dxd);
    }

    // ---- dropout ------------------------------------------------------------------------------

    @Override
    public void dropoutForward(float p, long seed, Tensor x, Tensor mask, Tensor y) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        float[] xd = HostTensor.data(x);
        float[] md = sized(mask, xd.length, "mask");
        float[] yd = sized(y, xd.length, "y");
        ops.dropout(p, seed, xd, md, yd);
    }

    @Override
    public void dropoutBackward(Tensor mask, Tensor dy, Tensor dx) {
        float[] md = HostTensor.data(mask);
        float[] dyd = sized(dy, md.length, "dy");
        float[] dxd = sized(dx, md.length, "dx");
        ops.range(Ops.MUL, md.length, dyd, md, dxd);
    }

    // ---- loss ---------------------------------------------------------------------------------

    @Override
    public float softmaxCrossEntropy(Tensor logits, int[] labels, Tensor probs, Tensor dLogits) {
        Shape s = logits.shape();
        int n = s.n();
        int classes = s.perImage();
        if (labels.length != n) {
            throw new IllegalArgumentException("softmax: " + labels.length + " labels for " + n + " rows");
        }
        float[] pd = probs == null ? null : sized(probs, s.size(), "probs");
        float[] gd = dLogits == null ? null : sized(dLogits, s.size(), "dLogits");
        return Elementwise.softmaxCrossEntropy(HostTensor.data(logits), labels, n, classes, pd, gd);
    }

    // ---- optimizer ----------------------------------------------------------------------------

    @Override
    public void sgdUpdate(Tensor w, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        float[] wd = HostTensor.data(w);
        float[] gd = sized(grad, wd.length, "grad");
        float[] vd = sized(velocity, wd.length, "velocity");
        ops.sgd(wd, gd, vd, lr, momentum, weightDecay);
    }

    @Override
    public void close() {
        parallel.close();
        arena.close();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static float[] data(Tensor t, Shape expected, String name) {
        if (t == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException(name + ": expected shape " + expected + ", got " + t.shape());
        }
        return HostTensor.data(t);
    }

    /** Element-wise ops accept any shape of the right size, as the reference does. */
    private static float[] sized(Tensor t, int len, String name) {
        if (t == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (t.size() != len) {
            throw new IllegalArgumentException(name + ": expected " + len + " elements, got " + t.shape());
        }
        return HostTensor.data(t);
    }

    private static float[] vector(Tensor t, int len, String name) {
        if (t == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (t.size() != len) {
            throw new IllegalArgumentException(name + ": expected " + len + " elements, got " + t.shape());
        }
        return HostTensor.data(t);
    }

    /**
     * The non-GEMM parallel regions. One reusable task object whose fields describe the current
     * call; each thread takes a fixed contiguous range of elements, planes or images.
     */
    private final class Ops implements Parallel.Task {
        static final int FILL_ZERO = 0, RELU_FWD = 1, RELU_BWD = 2, MUL = 3, SGD = 4, DROPOUT = 5,
                BIAS = 6, COL2IM = 7, LRN_FWD = 8, LRN_BWD = 9, POOL_FWD = 10, POOL_BWD = 11;

        int op;
        int total;
        float[] a, b, c, d, e;
        float f0, f1, f2;
        long seed;
        int i0, i1, i2, i3;
        ConvGeom conv;
        PoolGeom pool;
        LrnParams lrn;
        Shape shape;

        private void go(int op, int total, int minPerPart) {
            this.op = op;
            this.total = total;
            int parts = Math.max(1, Math.min(threads, total / Math.max(1, minPerPart)));
            try {
                parallel.run(parts, this);
            } finally {
                a = b = c = d = e = null;
            }
        }

        void range(int op, int len, float[] a, float[] b, float[] c) {
            this.a = a;
            this.b = b;
            this.c = c;
            go(op, len, PARALLEL_MIN_ELEMENTS);
        }

        void dropout(float p, long seed, float[] x, float[] mask, float[] y) {
            this.a = x;
            this.b = mask;
            this.c = y;
            this.f0 = p;
            this.seed = seed;
            go(DROPOUT, x.length, PARALLEL_MIN_ELEMENTS / 4);
        }

        void sgd(float[] w, float[] g, float[] v, float lr, float momentum, float wd) {
            this.a = w;
            this.b = g;
            this.c = v;
            this.f0 = lr;
            this.f1 = momentum;
            this.f2 = wd;
            go(SGD, w.length, PARALLEL_MIN_ELEMENTS);
        }

        void unfoldBias(float[] ycol, float[] bias, float[] y, int img0, int count, int k, int plane) {
            this.a = ycol;
            this.b = bias;
            this.c = y;
            this.i0 = k;
            this.i1 = plane;
            this.i2 = count;
            this.i3 = img0;
            go(BIAS, count * k, Math.max(1, PARALLEL_MIN_ELEMENTS / plane));
        }

        void col2im(float[] dcol, int ld, ConvGeom g, int c0, int img0, int count, float[] dx) {
            this.a = dcol;
            this.b = dx;
            this.i0 = ld;
            this.i1 = c0;
            this.i2 = img0;
            this.conv = g;
            go(COL2IM, count, 1);
        }

        void lrn(boolean backward, LrnParams p, Shape s, float[] x, float[] y, float[] scale, float[] dy, float[] dx) {
            this.a = x;
            this.b = y;
            this.c = scale;
            this.d = dy;
            this.e = dx;
            this.lrn = p;
            this.shape = s;
            go(backward ? LRN_BWD : LRN_FWD, s.n(), 1);
        }

        void pool(boolean backward, PoolGeom g, float[] x, float[] y, float[] dy, float[] dx) {
            this.a = x;
            this.b = y;
            this.d = dy;
            this.e = dx;
            this.pool = g;
            int plane = g.h() * g.w();
            go(backward ? POOL_BWD : POOL_FWD, g.n() * g.c(), Math.max(1, PARALLEL_MIN_ELEMENTS / plane));
        }

        @Override
        public void run(int part, int parts) {
            final int from = Parallel.start(total, part, parts);
            final int to = Parallel.start(total, part + 1, parts);
            switch (op) {
                case FILL_ZERO -> Elementwise.fill(a, 0f, from, to);
                case RELU_FWD -> Elementwise.reluForward(a, b, from, to, vector);
                case RELU_BWD -> Elementwise.reluBackward(a, b, c, from, to, vector);
                case MUL -> Elementwise.mul(a, b, c, from, to);
                case SGD -> Elementwise.sgd(a, b, c, f0, f1, f2, from, to);
                case DROPOUT -> Elementwise.dropoutForward(f0, seed, a, b, c, from, to);
                case BIAS -> Elementwise.unfoldBias(a, b, c, i3, i2, i0, i1, from, to);
                case COL2IM -> {
                    for (int i = from; i < to; i++) {
                        Im2col.col2im(a, i0, conv, i1, i2, i, b);
                    }
                }
                case LRN_FWD -> {
                    int plane = shape.h() * shape.w();
                    for (int img = from; img < to; img++) {
                        LrnKernels.forward(lrn, shape.c(), plane, a, b, c, img, vector);
                    }
                }
                case LRN_BWD -> {
                    int plane = shape.h() * shape.w();
                    for (int img = from; img < to; img++) {
                        LrnKernels.backward(lrn, shape.c(), plane, a, b, c, d, e, img, lrnRatio[part], vector);
                    }
                }
                case POOL_FWD -> {
                    for (int pl = from; pl < to; pl++) {
                        PoolKernels.forward(pool, a, b, pl);
                    }
                }
                case POOL_BWD -> {
                    for (int pl = from; pl < to; pl++) {
                        PoolKernels.backward(pool, a, d, e, pl);
                    }
                }
                default -> throw new IllegalStateException("unknown op " + op);
            }
        }
    }
}
