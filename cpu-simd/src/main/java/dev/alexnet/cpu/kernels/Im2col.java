// Implicit im2col: GEMM packers that read convolution operands straight from NCHW tensors, plus col2im.
package dev.alexnet.cpu.kernels;

import dev.alexnet.core.shape.ConvGeom;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The im2col layout, defined once here and used by every convolution pass. For one group with
 * input channels starting at {@code c0} and the images of the batch laid side by side:
 *
 * <pre>
 * col[(c*R + r)*S + s, (img*P + oh)*Q + ow] = x[img, c0 + c, oh*stride + r - pad, ow*stride + s - pad]
 *                                             (0 where the index falls in the padding)
 * rows: Cg*R*S (the filter's reduction index), columns: n*P*Q (one per output pixel)
 * </pre>
 *
 * Then, per group, with W the (Kg, Cg*R*S) filter matrix and Y the (Kg, n*P*Q) view of y:
 * forward Y = W col (then moved to NCHW with the bias); backward-filter dW += dY col^T;
 * backward-data dcol = W^T dY, dx = col2im(dcol).
 * The column matrix is never materialised for forward and backward-filter: {@link ColB} and
 * {@link ColTB} pack GEMM panels directly from x. Only backward-data writes dcol, into a scratch
 * buffer, because col2im must add overlapping windows and that cannot be done per tile in parallel.
 * Agrees with {@code ReferenceBackend.convForward / convBackwardData / convBackwardFilter}.
 */
public final class Im2col {
    private Im2col() {}

    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    /**
     * B = col, (Cg*R*S, nb*P*Q), read from x (N, C, H, W) for the group whose channels start at c0
     * and the images from img0 on (column j belongs to image img0 + j / (P*Q)).
     */
    public static final class ColB implements Gemm.PackB {
        private float[] x;
        private ConvGeom g;
        private int c0;
        private int img0;

        public ColB set(float[] x, ConvGeom g, int c0, int img0) {
            this.x = x;
            this.g = g;
            this.c0 = c0;
            this.img0 = img0;
            return this;
        }

        @Override
        public void pack(MemorySegment dst, int p0, int kc, int j0, int nc, int nr, Gemm.Scratch s) {
            final float[] x = this.x;
            final int h = g.h(), w = g.w(), hw = h * w, r = g.r(), sk = g.s();
            final int q = g.outW(), pq = g.outH() * q, stride = g.stride(), pad = g.pad();
            final int imgStride = g.c() * hw;
            final int[] base = s.base, y0 = s.y0, x0 = s.x0;
            final int[] runStart = s.runStart, runLen = s.runLen;
            long d = 0;
            for (int jp = 0; jp < nc; jp += nr) {
                final int cols = Math.min(nr, nc - jp);
                // The panel's columns in runs of one output row (same image and oh, ow consecutive):
                // per run its image's channel-0 offset (base), top input row (y0) and left input column (x0).
                int runs = 0;
                for (int jj = 0; jj < cols; ) {
                    int j = j0 + jp + jj;
                    int img = j / pq;
                    int rem = j - img * pq;
                    int oh = rem / q;
                    int ow = rem - oh * q;
                    int len = Math.min(cols - jj, q - ow);
                    runStart[runs] = jj;
                    runLen[runs] = len;
                    y0[runs] = oh * stride - pad;
                    x0[runs] = ow * stride - pad;
                    base[runs] = (img0 + img) * imgStride + c0 * hw;
                    runs++;
                    jj += len;
                }
                int c = p0 / (r * sk);
                int rs = p0 - c * r * sk;
                int rr = rs / sk;
                int ss = rs - rr * sk;
                for (int p = 0; p < kc; p++) {
                    final int chOff = c * hw;
                    for (int run = 0; run < runs; run++) {
                        final long dr = d + runStart[run];
                        final int len = runLen[run];
                        final int ih = y0[run] + rr;
                        if (ih < 0 || ih >= h) {
                            for (int t = 0; t < len; t++) {
                                dst.setAtIndex(F, dr + t, 0f);
                            }
                            continue;
                        }
                        // Column t reads iw = x0 + ss + t*stride; valid for t in [lo, hi).
                        final int iw0 = x0[run] + ss;
                        final int lo = Math.min(len, Math.max(0, ceilDiv(-iw0, stride)));
                        final int hi = Math.max(lo, Math.min(len, ceilDiv(w - iw0, stride)));
                        final int src = base[run] + chOff + ih * w + iw0;
                        for (int t = 0; t < lo; t++) {
                            dst.setAtIndex(F, dr + t, 0f);
                        }
                        if (stride == 1) {
                            for (int t = lo; t < hi; t++) {
                                dst.setAtIndex(F, dr + t, x[src + t]);
                            }
                        } else {
                            for (int t = lo; t < hi; t++) {
                                dst.setAtIndex(F, dr + t, x[src + t * stride]);
                            }
                        }
                        for (int t = hi; t < len; t++) {
                            dst.setAtIndex(F, dr + t, 0f);
                        }
                    }
                    for (int jj = cols; jj < nr; jj++) {
                        dst.setAtIndex(F, d + jj, 0f);
                    }
                    d += nr;
                    if (++ss == sk) {
                        ss = 0;
                        if (++rr == r) {
                            rr = 0;
                            c++;
                        }
                    }
                }
            }
        }
    }

    /** B = col^T, (n*P*Q, Cg*R*S), read from x: the right operand of backward-filter. */
    public static final class ColTB implements Gemm.PackB {
        private float[] x;
        private ConvGeom g;
        private int c0;

        public ColTB set(float[] x, ConvGeom g, int c0) {
            this.x = x;
            this.g = g;
            this.c0 = c0;
            return this;
        }

        @Override
        public void pack(MemorySegment dst, int p0, int kc, int j0, int nc, int nr, Gemm.Scratch s) {
            final float[] x = this.x;
            final int h = g.h(), w = g.w(), hw = h * w, r = g.r(), sk = g.s();
            final int q = g.outW(), pq = g.outH() * q, stride = g.stride(), pad = g.pad();
            final int imgStride = g.c() * hw;
            final int[] off = s.base, rOf = s.y0, sOf = s.x0;
            long d = 0;
            for (int jp = 0; jp < nc; jp += nr) {
                final int cols = Math.min(nr, nc - jp);
                // Per column (a filter tap c, r, s): its offset from the window's top-left pixel.
                for (int jj = 0; jj < cols; jj++) {
                    int col = j0 + jp + jj;
                    int c = col / (r * sk);
                    int rs = col - c * r * sk;
                    rOf[jj] = rs / sk;
                    sOf[jj] = rs - rOf[jj] * sk;
                    off[jj] = c * hw + rOf[jj] * w + sOf[jj];
                }
                // Rows are output pixels (img, oh, ow), walked incrementally from p0.
                int img = p0 / pq;
                int rem = p0 - img * pq;
                int oh = rem / q;
                int ow = rem - oh * q;
                for (int p = 0; p < kc; p++) {
                    final int ihb = oh * stride - pad;
                    final int iwb = ow * stride - pad;
                    final int rowBase = img * imgStride + c0 * hw + ihb * w + iwb;
                    for (int jj = 0; jj < cols; jj++) {
                        int ih = ihb + rOf[jj];
                        int iw = iwb + sOf[jj];
                        float v = (ih >= 0 && ih < h && iw >= 0 && iw < w) ? x[rowBase + off[jj]] : 0f;
                        dst.setAtIndex(F, d + jj, v);
                    }
                    for (int jj = cols; jj < nr; jj++) {
                        dst.setAtIndex(F, d + jj, 0f);
                    }
                    d += nr;
                    if (++ow == q) {
                        ow = 0;
                        if (++oh == g.outH()) {
                            oh = 0;
                            img++;
                        }
                    }
                }
            }
        }
    }

    /** A = dY, (Kg, n*P*Q), read from dy (N, K, P, Q) for output channels from k0: left operand of backward-filter. */
    public static final class DyA implements Gemm.PackA {
        private float[] dy;
        private ConvGeom g;
        private int k0;

        public DyA set(float[] dy, ConvGeom g, int k0) {
            this.dy = dy;
            this.g = g;
            this.k0 = k0;
            return this;
        }

        @Override
        public void pack(MemorySegment dst, int i0, int mc, int p0, int kc, Gemm.Scratch s) {
            final float[] dy = this.dy;
            final int pq = g.outH() * g.outW();
            final int imgStride = g.k() * pq;
            final int mr = Gemm.MR;
            long d = 0;
            for (int ip = 0; ip < mc; ip += mr) {
                final int rows = Math.min(mr, mc - ip);
                final int rowOff = (k0 + i0 + ip) * pq;
                int img = p0 / pq;
                int pos = p0 - img * pq;
                for (int p = 0; p < kc; p++) {
                    int src = img * imgStride + rowOff + pos;
                    for (int i = 0; i < mr; i++) {
                        dst.setAtIndex(F, d + i, i < rows ? dy[src + i * pq] : 0f);
                    }
                    d += mr;
                    if (++pos == pq) {
                        pos = 0;
                        img++;
                    }
                }
            }
        }
    }

    /**
     * B = dY, (Kg, nb*P*Q), for images [img0, img0+nb) and output channels from k0: right operand of
     * backward-data.
     */
    public static final class DyB implements Gemm.PackB {
        private float[] dy;
        private ConvGeom g;
        private int k0;
        private int img0;

        public DyB set(float[] dy, ConvGeom g, int k0, int img0) {
            this.dy = dy;
            this.g = g;
            this.k0 = k0;
            this.img0 = img0;
            return this;
        }

        @Override
        public void pack(MemorySegment dst, int p0, int kc, int j0, int nc, int nr, Gemm.Scratch s) {
            final float[] dy = this.dy;
            final int pq = g.outH() * g.outW();
            final int imgStride = g.k() * pq;
            final int[] base = s.base;
            long d = 0;
            for (int jp = 0; jp < nc; jp += nr) {
                final int cols = Math.min(nr, nc - jp);
                for (int jj = 0; jj < cols; jj++) {
                    int j = j0 + jp + jj;
                    int img = j / pq;
                    base[jj] = (img0 + img) * imgStride + (j - img * pq) + (k0 + p0) * pq;
                }
                // Columns within one image are consecutive in dy: one contiguous copy per k step.
                final boolean contiguous = base[cols - 1] - base[0] == cols - 1;
                for (int p = 0; p < kc; p++) {
                    final int rowOff = p * pq;
                    if (contiguous) {
                        MemorySegment.copy(dy, base[0] + rowOff, dst, F, 4L * d, cols);
                    } else {
                        for (int jj = 0; jj < cols; jj++) {
                            dst.setAtIndex(F, d + jj, dy[base[jj] + rowOff]);
                        }
                    }
                    for (int jj = cols; jj < nr; jj++) {
                        dst.setAtIndex(F, d + jj, 0f);
                    }
                    d += nr;
                }
            }
        }
    }

    /**
     * dx[img0 + i, c0 + c, ...] += col2im(dcol) for image i of the chunk (one image per call so that
     * threads own disjoint dx ranges).
     * dcol: (Cg*R*S, nb*P*Q) row-major with leading dimension ld; dx: (N, C, H, W).
     * Taps are added in (c, r, s, oh, ow) order, the same every run.
     */
    public static void col2im(float[] dcol, int ld, ConvGeom g, int c0, int img0, int i, float[] dx) {
        final int h = g.h(), w = g.w(), hw = h * w, r = g.r(), sk = g.s(), cg = g.cPerGroup();
        final int p = g.outH(), q = g.outW(), pq = p * q, stride = g.stride(), pad = g.pad();
        final int dxBase = (img0 + i) * g.c() * hw + c0 * hw;
        final int colBase = i * pq;
        for (int c = 0; c < cg; c++) {
            for (int rr = 0; rr < r; rr++) {
                for (int ss = 0; ss < sk; ss++) {
                    final int row = ((c * r + rr) * sk + ss) * ld + colBase;
                    // Valid ow range: 0 <= ow*stride + ss - pad < w, the same for every output row.
                    final int owLo = Math.max(0, ceilDiv(pad - ss, stride));
                    final int owHi = Math.min(q, ceilDiv(w + pad - ss, stride));
                    for (int oh = 0; oh < p; oh++) {
                        int ih = oh * stride + rr - pad;
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        final int dRow = dxBase + c * hw + ih * w;
                        final int src = row + oh * q;
                        for (int ow = owLo; ow < owHi; ow++) {
                            dx[dRow + ow * stride + ss - pad] += dcol[src + ow];
                        }
                    }
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }

    /** The explicit column matrix of one group (the definition above), for tests and documentation. */
    public static void im2col(float[] x, ConvGeom g, int c0, float[] col) {
        final int h = g.h(), w = g.w(), r = g.r(), sk = g.s(), cg = g.cPerGroup();
        final int p = g.outH(), q = g.outW(), cols = g.n() * p * q;
        for (int c = 0; c < cg; c++) {
            for (int rr = 0; rr < r; rr++) {
                for (int ss = 0; ss < sk; ss++) {
                    int row = (c * r + rr) * sk + ss;
                    for (int img = 0; img < g.n(); img++) {
                        for (int oh = 0; oh < p; oh++) {
                            for (int ow = 0; ow < q; ow++) {
                                int ih = oh * g.stride() + rr - g.pad();
                                int iw = ow * g.stride() + ss - g.pad();
                                float v = ih >= 0 && ih < h && iw >= 0 && iw < w
                                        ? x[((img * g.c() + c0 + c) * h + ih) * w + iw] : 0f;
                                col[row * cols + (img * p + oh) * q + ow] = v;
                            }
                        }
                    }
                }
            }
        }
    }
}
