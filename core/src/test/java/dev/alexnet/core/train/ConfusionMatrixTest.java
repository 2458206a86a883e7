// Precision, recall and F1 on a small confusion matrix worked out by hand, including a class never predicted.
package dev.alexnet.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    @Test
    void handComputedThreeClassCase() {
        // actual\pred   0  1  2
        //   0           3  1  0
        //   1           1  2  0
        //   2           1  1  0     class 2 occurs twice but is never predicted
        ConfusionMatrix cm = new ConfusionMatrix(3);
        int[][] pairs = {{0, 0}, {0, 0}, {0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 1}, {2, 0}, {2, 1}};
        for (int[] p : pairs) cm.add(p[0], p[1]);
        assertEquals(9, cm.total());
        assertEquals(5.0 / 9, cm.accuracy(), 1e-12);
        // precision: column sums 5, 4, 0 -> 3/5, 2/4, 0 (never predicted counts as 0)
        assertEquals(0.6, cm.precision(0), 1e-12);
        assertEquals(0.5, cm.precision(1), 1e-12);
        assertEquals(0.0, cm.precision(2), 1e-12);
        assertEquals((0.6 + 0.5 + 0) / 3, cm.macroPrecision(), 1e-12);
        // recall: row sums 4, 3, 2 -> 3/4, 2/3, 0
        assertEquals(0.75, cm.recall(0), 1e-12);
        assertEquals(2.0 / 3, cm.recall(1), 1e-12);
        assertEquals(0.0, cm.recall(2), 1e-12);
        // F1 = 2pr/(p+r): class 0: 2*0.6*0.75/1.35 = 2/3; class 1: 2*0.5*(2/3)/(7/6) = 4/7; class 2: 0
        assertEquals(2.0 / 3, cm.f1(0), 1e-12);
        assertEquals(4.0 / 7, cm.f1(1), 1e-12);
        assertEquals(0.0, cm.f1(2), 1e-12);
        assertEquals((2.0 / 3 + 4.0 / 7) / 3, cm.macroF1(), 1e-12);
        assertEquals(2, cm.support(2));
        assertEquals(1, cm.toIntArray()[2][1]);
    }

    @Test
    void emptyMatrixIsAllZeroNotNaN() {
        ConfusionMatrix cm = new ConfusionMatrix(10);
        assertEquals(0, cm.accuracy());
        assertEquals(0, cm.macroPrecision());
        assertEquals(0, cm.macroF1());
    }
}
