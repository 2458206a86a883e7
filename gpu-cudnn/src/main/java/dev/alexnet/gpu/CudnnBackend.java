// The GPU backend: every op on the device through cuDNN (convolution, LRN, pooling, ReLU, softmax) and cuBLAS (FC, SGD).
package dev.alexnet.gpu;

import static dev.alexnet.core.spi.Checks.*;
import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendUnavailableException;
import dev.alexnet.core.spi.DropoutMask;
import dev.alexnet.core.spi.Tensor;
import dev.alexnet.gpu.cuda.ActivationDescriptor;
import dev.alexnet.gpu.cuda.ConvAlgo;
import dev.alexnet.gpu.cuda.ConvSearch;
import dev.alexnet.gpu.cuda.ConvolutionDescriptor;
import dev.alexnet.gpu.cuda.CublasHandle;
import dev.alexnet.gpu.cuda.Cuda;
import dev.alexnet.gpu.cuda.CudaProbe;
import dev.alexnet.gpu.cuda.CudnnHandle;
import dev.alexnet.gpu.cuda.DeviceBuffer;
import dev.alexnet.gpu.cuda.FilterDescriptor;
import dev.alexnet.gpu.cuda.HostStaging;
import dev.alexnet.gpu.cuda.LrnDescriptor;
import dev.alexnet.gpu.cuda.OpTensorDescriptor;
import dev.alexnet.gpu.cuda.PoolingDescriptor;
import dev.alexnet.gpu.cuda.TensorDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Backend} on one CUDA device. Tensors are device buffers; only copyIn/copyOut, the dropout mask
 * and the softmax loss move data across the bus (the last two are a few KiB per step).
 *
 * <p>Numerics: strict float32 by default (cuDNN CUDNN_FMA_MATH, cuBLAS CUBLAS_DEFAULT_MATH, so no TF32);
 * {@code -Dalexnet.gpu.tf32=true} allows TF32 tensor cores (see {@link GpuOptions}). Convolution
 * algorithms are picked once per geometry and pass and cached with the workspace size cuDNN asks for.
 *
 * <p>Like the cuDNN and cuBLAS handles it owns, one instance is used by one thread at a time.
 */
public final class CudnnBackend implements Backend {
    private final GpuOptions options;
    private final String description;
    // Created in this order, closed in reverse.
    private final CudnnHandle dnn;
    private final CublasHandle blas;
    private final ActivationDescriptor relu;
    private final OpTensorDescriptor mul;
    private final HostStaging staging = new HostStaging(); // pinned host memory for copyIn/copyOut

    private final Map<ConvGeom, ConvPlan> convPlans = new HashMap<>();
    private final Map<PoolGeom, PoolingDescriptor> poolPlans = new HashMap<>();
    private final Map<LrnKey, LrnPlan> lrnPlans = new HashMap<>();
    private final Set<GpuTensor> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private DeviceBuffer workspace;  // grow-only, shared by every convolution
    private DeviceBuffer scratch;    // grow-only: LRN squares, softmax probs, out-of-place dropout
    private boolean closed;

    /**
     * Opens handles on {@code options.device()}. Finds and loads the libraries first if no one has (the
     * provider's probe); throws {@link BackendUnavailableException} with the probe's reason when the GPU
     * backend cannot run here.
     */
    public CudnnBackend(GpuOptions options) {
        CudaProbe.Availability availability = CudaProbe.probe();
        if (!availability.available()) {
            throw new BackendUnavailableException("backend 'gpu' is not usable here: " + availability.reason());
        }
        this.options = options;
        Cuda.setDevice(options.device());
        CudnnHandle d = null;
        CublasHandle b = null;
        ActivationDescriptor r = null;
        OpTensorDescriptor m = null;
        String text;
        try {
            d = new CudnnHandle();
            b = new CublasHandle(options.tf32());
            r = new ActivationDescriptor();
            m = new OpTensorDescriptor(OpTensorDescriptor.Op.MUL);
            int cublasVersion = b.version();
            text = String.format("gpu: device %d (%s), CUDA runtime %s, driver %s, cuDNN %s, cuBLAS %d.%d.%d, %s, "
                            + "conv algorithms by %s",
                    options.device(), Cuda.describeDevice(options.device()), Cuda.versionString(Cuda.runtimeVersion()),
                    Cuda.versionString(Cuda.driverVersion()), CudnnHandle.versionString(CudnnHandle.version()),
                    cublasVersion / 10000, cublasVersion / 100 % 100, cublasVersion % 100,
                    options.tf32() ? "TF32 tensor cores allowed" : "strict float32 (FMA, no TF32)",
                    options.convSearch() == ConvSearch.FIND ? "timed search" : "cuDNN heuristics");
        } catch (RuntimeException e) {
            List<AutoCloseable> made = new ArrayList<>();
            for (AutoCloseable c : new AutoCloseable[] {d, b, r, m}) {
                if (c != null) made.add(c);
            }
            closeAll(made);
            throw e;
        }
        this.dnn = d;
        this.blas = b;
        this.relu = r;
        this.mul = m;
        this.description = text;
    }

    @Override public String name() { return "gpu"; }

    @Override public String describe() { return description; }

    // ---- memory -------------------------------------------------------------------------------

    @Override
    public Tensor allocate(Shape shape) {
        requireOpen();
        GpuTensor t = new GpuTensor(this, shape);
        live.add(t);
        return t;
    }

    void forget(GpuTensor t) { live.remove(t); }

    @Override
    public void copyIn(float[] src, Tensor dst) {
        GpuTensor d = gpu(dst);
        requireLength("copyIn", src.length, d.size());
        staging.upload(src, d.buffer());
    }

    @Override
    public void copyOut(Tensor src, float[] dst) {
        GpuTensor s = gpu(src);
        requireLength("copyOut", dst.length, s.size());
        staging.download(s.buffer(), dst);
    }

    @Override
    public void fill(Tensor t, float value) {
        GpuTensor g = gpu(t);
        if (value == 0f && Float.floatToRawIntBits(value) == 0) {
            g.buffer().zero();
        } else {
            dnn.setTensor(g.desc(), g.buffer(), value);
        }
    }

    // ---- convolution --------------------------------------------------------------------------
    // x (N, C, H, W), w (K, C/G, R, S), b (1, K, 1, 1), y and dy (N, K, P, Q).

    @Override
    public void convForward(ConvGeom g, Tensor xt, Tensor wt, Tensor bt, Tensor yt) {
        GpuTensor x = gpu(xt), w = gpu(wt), b = gpu(bt), y = gpu(yt);
        requireShape("conv x", x, g.inputShape());
        requireShape("conv w", w, g.filterShape());
        requireShape("conv b", b, g.biasShape());
        requireShape("conv y", y, g.outputShape());
        ConvPlan plan = convPlan(g);
        ConvAlgo algo = plan.forward();
        dnn.convolutionForward(plan.x, x.buffer(), plan.w, w.buffer(), plan.conv, algo, workspace(algo.workspaceBytes()),
                0f, plan.y, y.buffer());
        dnn.addTensor(1f, plan.b, b.buffer(), 1f, plan.y, y.buffer());
    }

    @Override
    public void convBackwardData(ConvGeom g, Tensor dyt, Tensor wt, Tensor dxt) {
        GpuTensor dy = gpu(dyt), w = gpu(wt), dx = gpu(dxt);
        requireShape("conv dy", dy, g.outputShape());
        requireShape("conv w", w, g.filterShape());
        requireShape("conv dx", dx, g.inputShape());
        ConvPlan plan = convPlan(g);
        ConvAlgo algo = plan.backwardData();
        // beta = 0: dx is overwritten.
        dnn.convolutionBackwardData(plan.w, w.buffer(), plan.y, dy.buffer(), plan.conv, algo,
                workspace(algo.workspaceBytes()), 0f, plan.x, dx.buffer());
    }

    @Override
    public void convBackwardFilter(ConvGeom g, Tensor xt, Tensor dyt, Tensor dwt) {
        GpuTensor x = gpu(xt), dy = gpu(dyt), dw = gpu(dwt);
        requireShape("conv x", x, g.inputShape());
        requireShape("conv dy", dy, g.outputShape());
        requireShape("conv dw", dw, g.filterShape());
        ConvPlan plan = convPlan(g);
        ConvAlgo algo = plan.backwardFilter();
        // beta = 1: dw accumulates.
        dnn.convolutionBackwardFilter(plan.x, x.buffer(), plan.y, dy.buffer(), plan.conv, algo,
                workspace(algo.workspaceBytes()), 1f, plan.w, dw.buffer());
    }

    @Override
    public void convBackwardBias(ConvGeom g, Tensor dyt, Tensor dbt) {
        GpuTensor dy = gpu(dyt), db = gpu(dbt);
        requireShape("conv dy", dy, g.outputShape());
        requireShape("conv db", db, g.biasShape());
        dnn.convolutionBackwardBias(dy.desc(), dy.buffer(), 1f, db.desc(), db.buffer());
    }

    // ---- fully connected ----------------------------------------------------------------------
    // x (N, IN) (any (N, C, H, W) with C H W = IN), w (OUT, IN), b (1, OUT, 1, 1), y and dy (N, OUT, 1, 1).
    // cuBLAS is column-major: a row-major (r x c) matrix is a column-major (c x r) one, so each row-major
    // product below is computed as its transpose, Y^T = W X^T and so on.

    @Override
    public void fcForward(Tensor xt, Tensor wt, Tensor bt, Tensor yt) {
        GpuTensor x = gpu(xt), w = gpu(wt), b = gpu(bt), y = gpu(yt);
        int n = x.shape().n(), in = x.shape().perImage(), out = w.shape().n();
        requireShape("fc w", w, Shape.matrix(out, in));
        requireShape("fc b", b, Shape.vector(out));
        requireShape("fc y", y, Shape.matrix(n, out));
        // Y^T (out x n) = W (out x in; stored as column-major W^T, so op T) * X^T (in x n).
        blas.sgemm(true, false, out, n, in, 1f, w.buffer(), in, x.buffer(), in, 0f, y.buffer(), out);
        dnn.addTensor(1f, b.desc(), b.buffer(), 1f, y.desc(), y.buffer());
    }

    @Override
    public void fcBackward(Tensor xt, Tensor wt, Tensor dyt, Tensor dxt, Tensor dwt, Tensor dbt) {
        GpuTensor x = gpu(xt), w = gpu(wt), dy = gpu(dyt), dw = gpu(dwt), db = gpu(dbt);
        int n = x.shape().n(), in = x.shape().perImage(), out = w.shape().n();
        requireShape("fc w", w, Shape.matrix(out, in));
        requireShape("fc dy", dy, Shape.matrix(n, out));
        requireShape("fc dw", dw, Shape.matrix(out, in));
        requireShape("fc db", db, Shape.vector(out));
        // dW^T (in x out) += X^T (in x n) * dY (n x out; stored as column-major dY^T, so op T).
        blas.sgemm(false, true, in, out, n, 1f, x.buffer(), in, dy.buffer(), out, 1f, dw.buffer(), in);
        // db += column sums of dy (cuDNN's bias gradient over (N, OUT, 1, 1)).
        dnn.convolutionBackwardBias(dy.desc(), dy.buffer(), 1f, db.desc(), db.buffer());
        if (dxt != null) {
            GpuTensor dx = gpu(dxt);
            if (dx.size() != x.size()) {
                throw new IllegalArgumentException("fc dx has " + dx.shape() + " but x has " + x.shape());
            }
            // dX^T (in x n) = W^T (in x out) * dY^T (out x n); beta = 0, dx is overwritten.
            blas.sgemm(false, false, in, n, out, 1f, w.buffer(), in, dy.buffer(), out, 0f, dx.buffer(), in);
        }
    }

    // ---- ReLU ---------------------------------------------------------------------------------
    // x, y, dy, dx: any shape, same size. Described with x's (or y's) descriptor throughout.

    @Override
    public void reluForward(Tensor xt, Tensor yt) {
        GpuTensor x = gpu(xt), y = gpu(yt);
        requireSameSize("relu", x, y);
        dnn.activationForward(relu, x.desc(), x.buffer(), 0f, x.desc(), y.buffer());
    }

    @Override
    public void reluBackward(Tensor yt, Tensor dyt, Tensor dxt) {
        GpuTensor y = gpu(yt), dy = gpu(dyt), dx = gpu(dxt);
        requireSameSize("relu", y, dy);
        requireSameSize("relu", y, dx);
        // cuDNN's ReLU gradient tests x > 0; y > 0 exactly where x > 0, so y stands in for x.
        dnn.activationBackward(relu, y.desc(), y.buffer(), y.desc(), dy.buffer(), y.desc(), y.buffer(),
                0f, y.desc(), dx.buffer());
    }

    // ---- LRN ----------------------------------------------------------------------------------
    // x, y, scale, dy, dx (N, C, H, W). cuDNN computes y itself but does not return its denominator, so
    // scale = k + alpha * window sum of x^2 is built separately: squares = x * x, then a convolution of
    // the squares viewed as (N, 1, C, H W) with a (1, 1, n, 1) filter of alphas, padded n/2 along C, added
    // onto scale pre-set to k. That is exactly the clipped window sum (padding contributes zeros).

    @Override
    public void lrnForward(LrnParams p, Tensor xt, Tensor yt, Tensor scalet) {
        GpuTensor x = gpu(xt), y = gpu(yt), scale = gpu(scalet);
        requireSameShape("lrn", x, y);
        requireSameShape("lrn", x, scale);
        LrnPlan plan = lrnPlan(p, x.shape());
        DeviceBuffer squares = scratch(x.size());
        dnn.opTensor(mul, 1f, x.desc(), x.buffer(), 1f, x.desc(), x.buffer(), 0f, x.desc(), squares);
        dnn.setTensor(plan.view, scale.buffer(), (float) p.k());
        dnn.convolutionForward(plan.view, squares, plan.window, plan.alphas, plan.conv, plan.algo,
                workspace(plan.algo.workspaceBytes()), 1f, plan.view, scale.buffer());
        dnn.lrnCrossChannelForward(plan.lrn, x.desc(), x.buffer(), 0f, y.desc(), y.buffer());
    }

    @Override
    public void lrnBackward(LrnParams p, Tensor xt, Tensor yt, Tensor scalet, Tensor dyt, Tensor dxt) {
        GpuTensor x = gpu(xt), y = gpu(yt), scale = gpu(scalet), dy = gpu(dyt), dx = gpu(dxt);
        requireSameShape("lrn", x, y);
        requireSameShape("lrn", x, scale);
        requireSameShape("lrn", x, dy);
        requireSameShape("lrn", x, dx);
        LrnPlan plan = lrnPlan(p, x.shape());
        // cuDNN's backward takes x, y and dy and recomputes its denominator internally; scale is not read.
        dnn.lrnCrossChannelBackward(plan.lrn, y.desc(), y.buffer(), dy.desc(), dy.buffer(), x.desc(), x.buffer(),
                0f, dx.desc(), dx.buffer());
    }

    // ---- max pooling --------------------------------------------------------------------------
    // x, dx (N, C, H, W); y, dy (N, C, P, Q). CUDNN_POOLING_MAX_DETERMINISTIC routes each window's gradient
    // to a single maximal position; the equivalence tests check that it is the first one, as the SPI requires.

    @Override
    public void maxPoolForward(PoolGeom g, Tensor xt, Tensor yt) {
        GpuTensor x = gpu(xt), y = gpu(yt);
        requireShape("pool x", x, g.inputShape());
        requireShape("pool y", y, g.outputShape());
        dnn.poolingForward(poolPlan(g), x.desc(), x.buffer(), 0f, y.desc(), y.buffer());
    }

    @Override
    public void maxPoolBackward(PoolGeom g, Tensor xt, Tensor yt, Tensor dyt, Tensor dxt) {
        GpuTensor x = gpu(xt), y = gpu(yt), dy = gpu(dyt), dx = gpu(dxt);
        requireShape("pool x", x, g.inputShape());
        requireShape("pool y", y, g.outputShape());
        requireShape("pool dy", dy, g.outputShape());
        requireShape("pool dx", dx, g.inputShape());
        dnn.poolingBackward(poolPlan(g), y.desc(), y.buffer(), dy.desc(), dy.buffer(), x.desc(), x.buffer(),
                0f, dx.desc(), dx.buffer());
    }

    // ---- dropout ------------------------------------------------------------------------------
    // x, mask, y (any shape, same size). The mask is DropoutMask.multiplier(seed, i, p), the function every
    // backend uses, computed on the host (a few thousand floats per FC layer) and copied over.

    @Override
    public void dropoutForward(float p, long seed, Tensor xt, Tensor maskt, Tensor yt) {
        GpuTensor x = gpu(xt), mask = gpu(maskt), y = gpu(yt);
        requireSameSize("dropout", x, mask);
        requireSameSize("dropout", x, y);
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        float[] m = new float[x.size()];
        if (p == 0f) {
            Arrays.fill(m, 1f);
        } else {
            for (int i = 0; i < m.length; i++) m[i] = DropoutMask.multiplier(seed, i, p);
        }
        staging.upload(m, mask.buffer());
        multiply(x, mask, y);
    }

    @Override
    public void dropoutBackward(Tensor maskt, Tensor dyt, Tensor dxt) {
        GpuTensor mask = gpu(maskt), dy = gpu(dyt), dx = gpu(dxt);
        requireSameSize("dropout", mask, dy);
        requireSameSize("dropout", mask, dx);
        multiply(dy, mask, dx);
    }

    /** out = a * b element-wise; when out is a, the product goes through scratch (cuDNN does not promise in-place). */
    private void multiply(GpuTensor a, GpuTensor b, GpuTensor out) {
        TensorDescriptor d = a.desc();
        if (out == a || out == b) {
            DeviceBuffer tmp = scratch(a.size());
            dnn.opTensor(mul, 1f, d, a.buffer(), 1f, d, b.buffer(), 0f, d, tmp);
            out.buffer().copyFromDevice(tmp, a.size());
        } else {
            dnn.opTensor(mul, 1f, d, a.buffer(), 1f, d, b.buffer(), 0f, d, out.buffer());
        }
    }

    // ---- loss ---------------------------------------------------------------------------------
    // logits, probs, dLogits (N, CLASSES). Softmax on the device (cuDNN's accurate, max-subtracted form);
    // the loss needs log-sum-exp per row and dLogits needs the labels, both done on the host in double
    // over N x CLASSES values (320 floats at batch 32), like the reference.

    @Override
    public float softmaxCrossEntropy(Tensor logitsT, int[] labels, Tensor probsT, Tensor dLogitsT) {
        GpuTensor logits = gpu(logitsT);
        int n = logits.shape().n(), classes = logits.shape().perImage();
        if (labels.length != n) {
            throw new IllegalArgumentException("softmax: " + labels.length + " labels for a batch of " + n);
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("softmax: label " + label + " outside 0.." + (classes - 1));
            }
        }
        GpuTensor probs = probsT == null ? null : gpu(probsT);
        GpuTensor dLogits = dLogitsT == null ? null : gpu(dLogitsT);
        if (probs != null) requireSameSize("softmax probs", logits, probs);
        if (dLogits != null) requireSameSize("softmax dLogits", logits, dLogits);

        float[] z = new float[logits.size()];
        staging.download(logits.buffer(), z);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) max = Math.max(max, z[i * classes + j]);
            double sum = 0;
            for (int j = 0; j < classes; j++) sum += Math.exp(z[i * classes + j] - max);
            loss += Math.log(sum) - (z[i * classes + labels[i]] - max);
        }
        if (probs != null || dLogits != null) {
            DeviceBuffer p = probs != null ? probs.buffer() : scratch(logits.size());
            dnn.softmaxForward(logits.desc(), logits.buffer(), logits.desc(), p);
            if (dLogits != null) {
                float[] pz = new float[logits.size()];
                staging.download(p, pz);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < classes; j++) {
                        int at = i * classes + j;
                        pz[at] = (float) ((pz[at] - (j == labels[i] ? 1.0 : 0.0)) / n);
                    }
                }
                staging.upload(pz, dLogits.buffer());
            }
        }
        return (float) (loss / n);
    }

    // ---- optimizer ----------------------------------------------------------------------------
    // w, grad, velocity: any shape, same size. v = momentum v - lr grad - lr wd w; w = w + v, as four BLAS-1 calls.

    @Override
    public void sgdUpdate(Tensor wt, Tensor gradt, Tensor velocityt, float lr, float momentum, float weightDecay) {
        GpuTensor w = gpu(wt), grad = gpu(gradt), v = gpu(velocityt);
        requireSameSize("sgd", w, grad);
        requireSameSize("sgd", w, v);
        int n = w.size();
        blas.sscal(n, momentum, v.buffer());
        blas.saxpy(n, -lr, grad.buffer(), v.buffer());
        if (weightDecay != 0f) blas.saxpy(n, -lr * weightDecay, w.buffer(), v.buffer());
        blas.saxpy(n, 1f, v.buffer(), w.buffer());
    }

    // ---- plans: descriptors and algorithms, made once per geometry ----------------------------

    /** Descriptors of one convolution geometry and its three algorithms, each chosen on first use. */
    private final class ConvPlan implements AutoCloseable {
        final TensorDescriptor x, y, b;
        final FilterDescriptor w;
        final ConvolutionDescriptor conv;
        private ConvAlgo forward, backwardData, backwardFilter;

        ConvPlan(ConvGeom g) {
            List<AutoCloseable> made = new ArrayList<>();
            try {
                x = add(made, new TensorDescriptor(g.inputShape()));
                y = add(made, new TensorDescriptor(g.outputShape()));
                b = add(made, new TensorDescriptor(g.biasShape()));
                w = add(made, new FilterDescriptor(g.filterShape()));
                conv = add(made, new ConvolutionDescriptor(g.pad(), g.pad(), g.stride(), g.stride(), g.groups(), options.tf32()));
            } catch (RuntimeException e) {
                closeAll(made);
                throw e;
            }
        }

        ConvAlgo forward() {
            if (forward == null) {
                forward = dnn.forwardAlgorithm(x, w, conv, y, options.convSearch(), options.workspaceLimitBytes(), options.tf32());
            }
            return forward;
        }

        ConvAlgo backwardData() {
            if (backwardData == null) {
                backwardData = dnn.backwardDataAlgorithm(w, y, conv, x, options.convSearch(), options.workspaceLimitBytes(),
                        options.tf32());
            }
            return backwardData;
        }

        ConvAlgo backwardFilter() {
            if (backwardFilter == null) {
                backwardFilter = dnn.backwardFilterAlgorithm(x, y, conv, w, options.convSearch(),
                        options.workspaceLimitBytes(), options.tf32());
            }
            return backwardFilter;
        }

        @Override
        public void close() {
            closeAll(List.of(x, y, b, w, conv));
        }
    }

    private record LrnKey(LrnParams params, Shape shape) {}

    /** cuDNN's LRN descriptor plus the window-sum convolution that produces the saved scale. */
    private final class LrnPlan implements AutoCloseable {
        final LrnDescriptor lrn;
        final TensorDescriptor view;       // (N, 1, C, H W): channels become rows, so a column filter sums windows
        final FilterDescriptor window;     // (1, 1, size, 1)
        final ConvolutionDescriptor conv;  // pad size/2 along the channel axis, stride 1, always strict FMA
        final DeviceBuffer alphas;         // the filter: size copies of the paper's alpha
        final ConvAlgo algo;

        LrnPlan(LrnParams p, Shape s) {
            List<AutoCloseable> made = new ArrayList<>();
            try {
                lrn = add(made, new LrnDescriptor(p));
                view = add(made, new TensorDescriptor(new Shape(s.n(), 1, s.c(), s.h() * s.w())));
                window = add(made, new FilterDescriptor(new Shape(1, 1, p.size(), 1)));
                conv = add(made, new ConvolutionDescriptor(p.half(), 0, 1, 1, 1, false));
                alphas = add(made, DeviceBuffer.allocateFloats(p.size()));
                float[] a = new float[p.size()];
                Arrays.fill(a, (float) p.alpha());
                alphas.copyFromHost(a);
                algo = dnn.forwardAlgorithm(view, window, conv, view, options.convSearch(), options.workspaceLimitBytes(), false);
            } catch (RuntimeException e) {
                closeAll(made);
                throw e;
            }
        }

        @Override
        public void close() {
            closeAll(List.of(lrn, view, window, conv, alphas));
        }
    }

    private ConvPlan convPlan(ConvGeom g) {
        requireOpen();
        ConvPlan plan = convPlans.get(g);
        if (plan == null) {
            plan = new ConvPlan(g);
            convPlans.put(g, plan);
        }
        return plan;
    }

    private PoolingDescriptor poolPlan(PoolGeom g) {
        requireOpen();
        PoolingDescriptor plan = poolPlans.get(g);
        if (plan == null) {
            plan = new PoolingDescriptor(g.size(), g.stride());
            poolPlans.put(g, plan);
        }
        return plan;
    }

    private LrnPlan lrnPlan(LrnParams p, Shape s) {
        requireOpen();
        LrnKey key = new LrnKey(p, s);
        LrnPlan plan = lrnPlans.get(key);
        if (plan == null) {
            plan = new LrnPlan(p, s);
            lrnPlans.put(key, plan);
        }
        return plan;
    }

    /** The shared convolution workspace, grown to at least {@code bytes}; null when none is needed. */
    private DeviceBuffer workspace(long bytes) {
        if (bytes == 0) return null;
        if (workspace == null || workspace.bytes() < bytes) {
            if (workspace != null) workspace.close();
            workspace = null;
            workspace = DeviceBuffer.allocate(bytes);
        }
        return workspace;
    }

    /** Scratch device memory of at least {@code floats} floats; its contents are undefined between ops. */
    private DeviceBuffer scratch(long floats) {
        if (scratch == null || scratch.floats() < floats) {
            if (scratch != null) scratch.close();
            scratch = null;
            scratch = DeviceBuffer.allocateFloats(floats);
        }
        return scratch;
    }

    // ---- argument checks ----------------------------------------------------------------------

    private GpuTensor gpu(Tensor t) {
        requireOpen();
        if (t instanceof GpuTensor g && g.owner() == this) {
            return g;
        }
        throw new IllegalArgumentException("expected a tensor of this gpu backend, got "
                + (t == null ? "null" : t instanceof GpuTensor ? "a tensor of another gpu backend" : t.getClass().getName()));
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("gpu backend used after close");
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> made, T resource) {
        made.add(resource);
        return resource;
    }

    /** Closes in reverse order of creation, keeping the first failure. */
    private static void closeAll(List<? extends AutoCloseable> resources) {
        RuntimeException first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        if (first != null) throw first;
    }

    /** Frees every tensor still alive, the plans, the workspace and the handles (reverse order of creation). */
    @Override
    public void close() {
        if (closed) return;
        List<AutoCloseable> all = new ArrayList<>();
        all.add(dnn);
        all.add(blas);
        all.add(relu);
        all.add(mul);
        all.add(staging);
        all.addAll(convPlans.values());
        all.addAll(poolPlans.values());
        all.addAll(lrnPlans.values());
        if (workspace != null) all.add(workspace);
        if (scratch != null) all.add(scratch);
        all.addAll(new ArrayList<>(live));
        closed = true;
        try {
            closeAll(all);
        } finally {
            convPlans.clear();
            poolPlans.clear();
            lrnPlans.clear();
            live.clear();
            workspace = null;
            scratch = null;
        }
    }
}
