// GEMM micro-kernels: one 6 x (2 vectors) register tile per vector width, plus a scalar tile for bits=0.
package dev.alexnet.cpu.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C[MR x NR] (+)= A_panel[MR x kc] * B_panel[kc x NR] over packed panels (see {@link Gemm} for the
 * packed layout). Each width has its own class so that its species is a {@code static final}
 * constant: the Vector API only compiles to machine vectors when the species is a JIT constant, and a
 * species read from an instance field would run the boxed fallback at a fraction of the speed.
 */
public abstract sealed class MicroKernel permits MicroKernel.V128, MicroKernel.V256, MicroKernel.V512, MicroKernel.Scalar {
    /** Rows of the register tile: 6 rows x 2 vectors = 12 accumulators, 12 of the 16 AVX2 registers. */
    public static final int MR = 6;

    static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    /** Columns of the register tile (2 vectors). */
    public abstract int nr();

    /** Vector width in bits, 0 for the scalar tile. */
    public abstract int bits();

    /**
     * c[cOff + i*ldc + j] = (add ? c[..] : 0) + sum_p a[p*MR + i] * b[p*NR + j], i < MR, j < NR.
     * a: packed A panel (kc, MR) at byte offset aOff; b: packed B panel (kc, NR) at byte offset bOff.
     */
    public abstract void run(int kc, MemorySegment a, long aOff, MemorySegment b, long bOff,
                             float[] c, int cOff, int ldc, boolean add);

    /** The kernel for a vector width: 128, 256, 512, or 0 for scalar. */
    public static MicroKernel forBits(int bits) {
        return switch (bits) {
            case 0 -> new Scalar();
            case 128 -> new V128();
            case 256 -> new V256();
            case 512 -> new V512();
            default -> throw new IllegalArgumentException("vector width must be 0, 128, 256 or 512 bits, got " + bits);
        };
    }

    /** 128-bit tile: MR x 2 vectors of 4 floats. */
    public static final class V128 extends MicroKernel {
        static final VectorSpecies<Float> SP = FloatVector.SPECIES_128;
        static final int L = 4;
        static final int NR = 2 * L;

        @Override public int nr() { return NR; }

        @Override public int bits() { return 128; }

        @Override
        public void run(int kc, MemorySegment a, long aOff, MemorySegment b, long bOff,
                        float[] c, int cOff, int ldc, boolean add) {
            // Twelve accumulators kept in locals (never an array: that boxes them and runs 20-30x slower).
            FloatVector c00 = FloatVector.zero(SP), c01 = FloatVector.zero(SP);
            FloatVector c10 = FloatVector.zero(SP), c11 = FloatVector.zero(SP);
            FloatVector c20 = FloatVector.zero(SP), c21 = FloatVector.zero(SP);
            FloatVector c30 = FloatVector.zero(SP), c31 = FloatVector.zero(SP);
            FloatVector c40 = FloatVector.zero(SP), c41 = FloatVector.zero(SP);
            FloatVector c50 = FloatVector.zero(SP), c51 = FloatVector.zero(SP);
            for (int p = 0; p < kc; p++) {
                // Per k step: 2 vector loads of B, 6 broadcasts of A, 12 FMAs. Offsets are linear in
                // the int loop counter so that C2 can hoist the segment bounds checks out of the loop.
                long ai = aOff + (long) p * (4 * MR);
                long bi = bOff + (long) p * (4 * NR);
                FloatVector b0 = FloatVector.fromMemorySegment(SP, b, bi, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(SP, b, bi + 4L * L, NATIVE);
                FloatVector av = FloatVector.broadcast(SP, a.get(F, ai));
                c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
                av = FloatVector.broadcast(SP, a.get(F, ai + 4));
                c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
                av = FloatVector.broadcast(SP, a.get(F, ai + 8));
                c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
                av = FloatVector.broadcast(SP, a.get(F, ai + 12));
                c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
                av = FloatVector.broadcast(SP, a.get(F, ai + 16));
                c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
                av = FloatVector.broadcast(SP, a.get(F, ai + 20));
                c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            }
            int o = cOff;
            if (add) {
                c00.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c01.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c10.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c11.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c20.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c21.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c30.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c31.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c40.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c41.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c50.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c51.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
            } else {
                c00.intoArray(c, o); c01.intoArray(c, o + L);
                o += ldc;
                c10.intoArray(c, o); c11.intoArray(c, o + L);
                o += ldc;
                c20.intoArray(c, o); c21.intoArray(c, o + L);
                o += ldc;
                c30.intoArray(c, o); c31.intoArray(c, o + L);
                o += ldc;
                c40.intoArray(c, o); c41.intoArray(c, o + L);
                o += ldc;
                c50.intoArray(c, o); c51.intoArray(c, o + L);
            }
        }
    }

    /** 256-bit tile: MR x 2 vectors of 8 floats. */
    public static final class V256 extends MicroKernel {
        static final VectorSpecies<Float> SP = FloatVector.SPECIES_256;
        static final int L = 8;
        static final int NR = 2 * L;

        @Override public int nr() { return NR; }

        @Override public int bits() { return 256; }

        @Override
        public void run(int kc, MemorySegment a, long aOff, MemorySegment b, long bOff,
                        float[] c, int cOff, int ldc, boolean add) {
            // Twelve accumulators kept in locals (never an array: that boxes them and runs 20-30x slower).
            FloatVector c00 = FloatVector.zero(SP), c01 = FloatVector.zero(SP);
            FloatVector c10 = FloatVector.zero(SP), c11 = FloatVector.zero(SP);
            FloatVector c20 = FloatVector.zero(SP), c21 = FloatVector.zero(SP);
            FloatVector c30 = FloatVector.zero(SP), c31 = FloatVector.zero(SP);
            FloatVector c40 = FloatVector.zero(SP), c41 = FloatVector.zero(SP);
            FloatVector c50 = FloatVector.zero(SP), c51 = FloatVector.zero(SP);
            for (int p = 0; p < kc; p++) {
                // Per k step: 2 vector loads of B, 6 broadcasts of A, 12 FMAs. Offsets are linear in
                // the int loop counter so that C2 can hoist the segment bounds checks out of the loop.
                long ai = aOff + (long) p * (4 * MR);
                long bi = bOff + (long) p * (4 * NR);
                FloatVector b0 = FloatVector.fromMemorySegment(SP, b, bi, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(SP, b, bi + 4L * L, NATIVE);
                FloatVector av = FloatVector.broadcast(SP, a.get(F, ai));
                c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
                av = FloatVector.broadcast(SP, a.get(F, ai + 4));
                c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
                av = FloatVector.broadcast(SP, a.get(F, ai + 8));
                c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
                av = FloatVector.broadcast(SP, a.get(F, ai + 12));
                c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
                av = FloatVector.broadcast(SP, a.get(F, ai + 16));
                c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
                av = FloatVector.broadcast(SP, a.get(F, ai + 20));
                c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            }
            int o = cOff;
            if (add) {
                c00.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c01.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c10.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c11.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c20.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c21.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c30.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c31.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c40.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c41.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c50.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c51.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
            } else {
                c00.intoArray(c, o); c01.intoArray(c, o + L);
                o += ldc;
                c10.intoArray(c, o); c11.intoArray(c, o + L);
                o += ldc;
                c20.intoArray(c, o); c21.intoArray(c, o + L);
                o += ldc;
                c30.intoArray(c, o); c31.intoArray(c, o + L);
                o += ldc;
                c40.intoArray(c, o); c41.intoArray(c, o + L);
                o += ldc;
                c50.intoArray(c, o); c51.intoArray(c, o + L);
            }
        }
    }

    /** 512-bit tile: MR x 2 vectors of 16 floats. */
    public static final class V512 extends MicroKernel {
        static final VectorSpecies<Float> SP = FloatVector.SPECIES_512;
        static final int L = 16;
        static final int NR = 2 * L;

        @Override public int nr() { return NR; }

        @Override public int bits() { return 512; }

        @Override
        public void run(int kc, MemorySegment a, long aOff, MemorySegment b, long bOff,
                        float[] c, int cOff, int ldc, boolean add) {
            // Twelve accumulators kept in locals (never an array: that boxes them and runs 20-30x slower).
            FloatVector c00 = FloatVector.zero(SP), c01 = FloatVector.zero(SP);
            FloatVector c10 = FloatVector.zero(SP), c11 = FloatVector.zero(SP);
            FloatVector c20 = FloatVector.zero(SP), c21 = FloatVector.zero(SP);
            FloatVector c30 = FloatVector.zero(SP), c31 = FloatVector.zero(SP);
            FloatVector c40 = FloatVector.zero(SP), c41 = FloatVector.zero(SP);
            FloatVector c50 = FloatVector.zero(SP), c51 = FloatVector.zero(SP);
            for (int p = 0; p < kc; p++) {
                // Per k step: 2 vector loads of B, 6 broadcasts of A, 12 FMAs. Offsets are linear in
                // the int loop counter so that C2 can hoist the segment bounds checks out of the loop.
                long ai = aOff + (long) p * (4 * MR);
                long bi = bOff + (long) p * (4 * NR);
                FloatVector b0 = FloatVector.fromMemorySegment(SP, b, bi, NATIVE);
                FloatVector b1 = FloatVector.fromMemorySegment(SP, b, bi + 4L * L, NATIVE);
                FloatVector av = FloatVector.broadcast(SP, a.get(F, ai));
                c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
                av = FloatVector.broadcast(SP, a.get(F, ai + 4));
                c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
                av = FloatVector.broadcast(SP, a.get(F, ai + 8));
                c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
                av = FloatVector.broadcast(SP, a.get(F, ai + 12));
                c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
                av = FloatVector.broadcast(SP, a.get(F, ai + 16));
                c40 = av.fma(b0, c40); c41 = av.fma(b1, c41);
                av = FloatVector.broadcast(SP, a.get(F, ai + 20));
                c50 = av.fma(b0, c50); c51 = av.fma(b1, c51);
            }
            int o = cOff;
            if (add) {
                c00.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c01.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c10.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c11.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c20.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c21.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c30.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c31.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c40.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c41.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
                o += ldc;
                c50.add(FloatVector.fromArray(SP, c, o)).intoArray(c, o);
                c51.add(FloatVector.fromArray(SP, c, o + L)).intoArray(c, o + L);
            } else {
                c00.intoArray(c, o); c01.intoArray(c, o + L);
                o += ldc;
                c10.intoArray(c, o); c11.intoArray(c, o + L);
                o += ldc;
                c20.intoArray(c, o); c21.intoArray(c, o + L);
                o += ldc;
                c30.intoArray(c, o); c31.intoArray(c, o + L);
                o += ldc;
                c40.intoArray(c, o); c41.intoArray(c, o + L);
                o += ldc;
                c50.intoArray(c, o); c51.intoArray(c, o + L);
            }
        }
    }

    /** Scalar tile for bits=0 (and the oracle-free fallback): MR x 8, plain loops, same packed layout. */
    public static final class Scalar extends MicroKernel {
        static final int NR = 8;

        @Override public int nr() { return NR; }

        @Override public int bits() { return 0; }

        @Override
        public void run(int kc, MemorySegment a, long aOff, MemorySegment b, long bOff,
                        float[] c, int cOff, int ldc, boolean add) {
            for (int i = 0; i < MR; i++) {
                int o = cOff + i * ldc;
                for (int j = 0; j < NR; j++) {
                    float sum = 0f;
                    long ai = aOff + 4L * i;
                    long bi = bOff + 4L * j;
                    for (int p = 0; p < kc; p++) {
                        sum += a.get(F, ai) * b.get(F, bi);
                        ai += 4L * MR;
                        bi += 4L * NR;
                    }
                    c[o + j] = add ? c[o + j] + sum : sum;
                }
            }
        }
    }
}
