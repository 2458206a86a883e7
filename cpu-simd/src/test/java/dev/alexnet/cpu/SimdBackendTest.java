// Registration, determinism, steady-state allocation and argument checks of the cpu backend.
package dev.alexnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.shape.ConvGeom;
import dev.alexnet.core.shape.LrnParams;
import dev.alexnet.core.shape.PoolGeom;
import dev.alexnet.core.shape.Shape;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.BackendProvider;
import dev.alexnet.core.spi.Backends;
import dev.alexnet.core.spi.HostTensor;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimdBackendTest {

    @Test
    void registeredAsCpuWithPriority50() {
        BackendProvider cpu = null;
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equals("cpu")) {
                cpu = p;
            }
        }
        assertTrue(cpu != null, "no provider named cpu found by ServiceLoader");
        assertEquals(50, cpu.priority());
        assertTrue(cpu.isAvailable(), cpu.unavailableReason());
        try (Backend be = Backends.create("cpu", new BackendOptions(1))) {
            assertEquals("cpu", be.name());
            assertTrue(be.describe().startsWith("cpu: "), be.describe());
        }
    }

    /** One small training-like pass over every op; returns every output concatenated. */
    static float[] pass(Backend be, long seed) {
        Random rnd = new Random(seed);
        ConvGeom g = new ConvGeom(4, 6, 13, 13, 32, 5, 5, 1, 2, 2);
        HostTensor x = SimdVsReferenceTest.random(g.inputShape(), rnd, 1);
        HostTensor w = SimdVsReferenceTest.random(g.filterShape(), rnd, 1);
        HostTensor b = SimdVsReferenceTest.random(g.biasShape(), rnd, 1);
        HostTensor y = new HostTensor(g.outputShape());
        HostTensor dy = SimdVsReferenceTest.random(g.outputShape(), rnd, 1);
        HostTensor dx = new HostTensor(g.inputShape());
        HostTensor dw = new HostTensor(g.filterShape());
        HostTensor db = new HostTensor(g.biasShape());
        HostTensor scale = new HostTensor(g.outputShape());
        HostTensor ln = new HostTensor(g.outputShape());
        PoolGeom pg = new PoolGeom(4, 32, 13, 13, 3, 2);
        HostTensor pooled = new HostTensor(pg.outputShape());
        HostTensor dpool = new HostTensor(pg.inputShape());
        HostTensor fw = SimdVsReferenceTest.random(Shape.matrix(10, 32 * 36), rnd, 1);
        HostTensor fb = new HostTensor(Shape.vector(10));
        HostTensor logits = new HostTensor(Shape.matrix(4, 10));
        HostTensor dLogits = new HostTensor(Shape.matrix(4, 10));
        HostTensor dPooled = new HostTensor(pg.outputShape());
        HostTensor fdw = new HostTensor(fw.shape());
        HostTensor fdb = new HostTensor(fb.shape());
        HostTensor mask = new HostTensor(g.outputShape());
        HostTensor vel = new HostTensor(g.filterShape());
        int[] labels = {1, 2, 3, 4};
        for (int step = 0; step < 2; step++) {
            be.convForward(g, x, w, b, y);
            be.reluForward(y, y);
            be.lrnForward(LrnParams.PAPER, y, ln, scale);
            be.dropoutForward(0.5f, step, ln, mask, ln);
            be.maxPoolForward(pg, ln, pooled);
            be.fcForward(pooled, fw, fb, logits);
            be.softmaxCrossEntropy(logits, labels, null, dLogits);
            be.fcBackward(pooled, fw, dLogits, dPooled, fdw, fdb);
            be.maxPoolBackward(pg, ln, pooled, dPooled, dpool);
            be.dropoutBackward(mask, dpool, dpool);
            be.lrnBackward(LrnParams.PAPER, y, ln, scale, dpool, dy);
            be.reluBackward(y, dy, dy);
            be.convBackwardFilter(g, x, dy, dw);
            be.convBackwardBias(g, dy, db);
            be.convBackwardData(g, dy, w, dx);
            be.sgdUpdate(w, dw, vel, 0.01f, 0.9f, 5e-4f);
        }
        float[][] parts = {y.data(), dx.data(), dw.data(), db.data(), fdw.data(), w.data()};
        int len = 0;
        for (float[] p : parts) len += p.length;
        float[] all = new float[len];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void repeatedRunsAreBitIdentical() {
        try (Backend a = new SimdBackend(new BackendOptions(2), 256); Backend b = new SimdBackend(new BackendOptions(2), 256)) {
            float[] first = pass(a, 42);
            float[] second = pass(a, 42);
            float[] other = pass(b, 42);
            assertArrayEquals(first, second, "same backend, same inputs");
            assertArrayEquals(first, other, "another backend with the same thread count and width");
        }
    }

    @Test
    void steadyStateAllocatesAlmostNothing() {
        // The scalar path, so that no Vector API object is boxed while code is still interpreted:
        // what is measured is the backend's own buffers. Scratch here (column buffers of
        // 32 x 4 x 169 floats and more) is far above the bound, so a per-call allocation fails the test.
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SimdBackend be = new SimdBackend(new BackendOptions(2), 0)) {
            Random rnd = new Random(1);
            ConvGeom g = new ConvGeom(4, 6, 13, 13, 32, 5, 5, 1, 2, 2);
            HostTensor x = SimdVsReferenceTest.random(g.inputShape(), rnd, 1);
            HostTensor w = SimdVsReferenceTest.random(g.filterShape(), rnd, 1);
            HostTensor b = SimdVsReferenceTest.random(g.biasShape(), rnd, 1);
            HostTensor y = new HostTensor(g.outputShape());
            HostTensor dx = new HostTensor(g.inputShape());
            HostTensor dw = new HostTensor(g.filterShape());
            HostTensor scale = new HostTensor(g.outputShape());
            HostTensor ln = new HostTensor(g.outputShape());
            HostTensor fw = SimdVsReferenceTest.random(Shape.matrix(64, 6 * 169), rnd, 1);
            HostTensor fb = new HostTensor(Shape.vector(64));
            HostTensor fy = new HostTensor(Shape.matrix(4, 64));
            HostTensor fdw = new HostTensor(fw.shape());
            HostTensor fdb = new HostTensor(fb.shape());
            Runnable step = () -> {
                be.convForward(g, x, w, b, y);
                be.convBackwardData(g, y, w, dx);
                be.convBackwardFilter(g, x, y, dw);
                be.lrnForward(LrnParams.PAPER, y, ln, scale);
                be.lrnBackward(LrnParams.PAPER, y, ln, scale, ln, scale);
                be.fcForward(x, fw, fb, fy);
                be.fcBackward(x, fw, fy, dx, fdw, fdb);
            };
            step.run(); // grows the scratch buffers once
            long before = mx.getTotalThreadAllocatedBytes();
            for (int i = 0; i < 3; i++) {
                step.run();
            }
            long allocated = mx.getTotalThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, "three steady-state steps allocated " + allocated + " bytes");
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (Backend be = new SimdBackend(new BackendOptions(1), 128)) {
            ConvGeom g = new ConvGeom(1, 2, 5, 5, 3, 3, 3, 1, 1, 1);
            HostTensor x = new HostTensor(g.inputShape());
            HostTensor w = new HostTensor(g.filterShape());
            HostTensor b = new HostTensor(g.biasShape());
            HostTensor wrongY = new HostTensor(new Shape(1, 3, 4, 5));
            assertThrows(IllegalArgumentException.class, () -> be.convForward(g, x, w, b, wrongY));
            assertThrows(IllegalArgumentException.class,
                    () -> be.fcForward(x, new HostTensor(Shape.matrix(4, 49)), new HostTensor(Shape.vector(4)),
                            new HostTensor(Shape.matrix(1, 4))));
            assertThrows(IllegalArgumentException.class,
                    () -> be.dropoutForward(1f, 0, x, new HostTensor(x.shape()), new HostTensor(x.shape())));
        }
    }

    @Test
    void bitsPropertyIsValidated() {
        String old = System.getProperty(SimdBackend.BITS_PROPERTY);
        try {
            System.setProperty(SimdBackend.BITS_PROPERTY, "128");
            assertEquals(128, SimdBackend.bitsFromProperty());
            System.setProperty(SimdBackend.BITS_PROPERTY, "0");
            assertEquals(0, SimdBackend.bitsFromProperty());
            System.setProperty(SimdBackend.BITS_PROPERTY, "96");
            assertThrows(IllegalArgumentException.class, SimdBackend::bitsFromProperty);
        } finally {
            if (old == null) {
                System.clearProperty(SimdBackend.BITS_PROPERTY);
            } else {
                System.setProperty(SimdBackend.BITS_PROPERTY, old);
            }
        }
    }
}
