// The plateau rule, warm-up and the state API of LrSchedule, against rates worked out by hand.
package dev.alexnet.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void oldKindsAreUnchangedAndRunThroughTheState() {
        LrSchedule cos = new LrSchedule("cosine", 0.01, 4);
        assertEquals(new LrSchedule("cosine", 0.01, 4, 0, LrSchedule.DEFAULT_PATIENCE, LrSchedule.DEFAULT_FACTOR), cos);
        LrSchedule.State s = cos.start();
        assertEquals(0.01, s.lr(), 1e-15);
        assertEquals(0.01 * (1 + Math.cos(Math.PI / 4)) / 2, s.next(0, 0.9), 1e-15);
        assertEquals(0.005, s.next(1, 0.1), 1e-15, "errors do not move a cosine schedule");
        LrSchedule step = new LrSchedule("step", 0.1, 9);
        LrSchedule.State t = step.start();
        for (int e = 0; e < 8; e++) assertEquals(step.lr(e + 1), t.next(e, 0.5), 1e-15);
    }

    @Test
    void warmupRampsLinearlyThenRunsTheScheduleOverTheRest() {
        LrSchedule c = new LrSchedule("cosine", 0.1, 6, 2);   // epochs 0, 1 warm up; cosine over epochs 2..5 as 0..3 of 4
        assertEquals(0.1 / 3, c.lr(0), 1e-15);
        assertEquals(0.2 / 3, c.lr(1), 1e-15);
        assertEquals(0.1, c.lr(2), 1e-15);
        assertEquals(0.1 * (1 + Math.cos(Math.PI / 4)) / 2, c.lr(3), 1e-15);
        assertEquals(0.05, c.lr(4), 1e-15);
        LrSchedule k = new LrSchedule("constant", 0.3, 3, 1);
        assertEquals(0.15, k.lr(0), 1e-15);
        assertEquals(0.3, k.lr(1), 1e-15);
        LrSchedule st = new LrSchedule("step", 1, 7, 1);      // step over 6 epochs: /10 every 2
        assertEquals(1, st.lr(2), 1e-15);
        assertEquals(0.1, st.lr(3), 1e-15);
        assertEquals(0.01, st.lr(5), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("cosine", 0.1, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("cosine", 0.1, 3, -1));
    }

    @Test
    void plateauDividesByTenAfterPatienceEpochsWithoutImprovement() {
        LrSchedule p = new LrSchedule("plateau", 0.01, 20, 0, 2, 0.1);
        LrSchedule.State s = p.start();
        assertEquals(0.01, s.lr(), 1e-15);
        // error:  0.30 (best) 0.25 (best) 0.26 (bad 1) 0.25 (equal: bad 2 -> /10) 0.24 (best) 0.24 (bad 1) 0.30 (bad 2 -> /10)
        double[] errors = {0.30, 0.25, 0.26, 0.25, 0.24, 0.24, 0.30};
        double[] want = {0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 0.0001};
        for (int e = 0; e < errors.length; e++) assertEquals(want[e], s.next(e, errors[e]), 1e-15, "after epoch " + e);
        assertEquals(2, s.reductions());
        assertEquals(0.24, s.best());
        assertEquals(7, s.epoch());
        assertEquals(0.01, p.lr(10), 1e-15, "lr(epoch) of plateau is the rate before any reduction");
    }

    @Test
    void plateauWithPatienceOneWarmupAndMissingValidation() {
        LrSchedule p = new LrSchedule("plateau", 0.1, 10, 2, 1, 0.5);
        LrSchedule.State s = p.start();
        assertEquals(0.1 / 3, s.lr(), 1e-15);
        assertEquals(0.2 / 3, s.next(0, 0.5), 1e-15);
        assertEquals(0.1, s.next(1, 0.6), 1e-15, "no reduction during warm-up");
        assertEquals(0.05, s.next(2, 0.7), 1e-15, "patience 1: the first bad epoch after warm-up halves the rate");
        assertEquals(0.05, s.next(3, Double.NaN), 1e-15, "NaN (no validation images) changes nothing");
        assertEquals(0.05, s.next(4, 0.4), 1e-15);
        assertEquals(0.025, s.next(5, 0.4), 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> s.next(7, 0.1));
        assertTrue(e.getMessage().contains("epoch 6"), e.getMessage());
    }

    @Test
    void replayingTheErrorsRebuildsTheState() {
        LrSchedule p = new LrSchedule("plateau", 0.05, 30);
        double[] errors = {0.5, 0.4, 0.41, 0.42, 0.43, 0.39, 0.395, 0.40, 0.41};
        LrSchedule.State a = p.start(), b = p.start();
        for (int e = 0; e < errors.length; e++) a.next(e, errors[e]);
        for (int e = 0; e < errors.length; e++) b.next(e, errors[e]);
        assertEquals(a.lr(), b.lr(), 0);
        assertEquals(0.05 * 0.01, a.lr(), 1e-15);
    }

    @Test
    void badSettingsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LrSchedule("linear", 0.1, 3));
        assertTrue(e.getMessage().contains("plateau"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("plateau", 0.1, 3, 0, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("plateau", 0.1, 3, 0, 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("plateau", 0.1, 3, 0, 1, 0));
        assertEquals("plateau", new LrSchedule("PLATEAU", 0.1, 3).kind());
    }
}
