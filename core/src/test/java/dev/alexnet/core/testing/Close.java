// The one tolerance check every backend test uses: |got - ref| <= atol + rtol * |ref|, with a readable failure.
package dev.alexnet.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Element-wise comparison in the style of llm.c's checker. On failure the message names the tensor,
 * the first mismatching index, the count of mismatches, the largest absolute and relative errors and
 * the first few (expected, actual) pairs.
 */
public final class Close {
    private Close() {}

    public static void assertClose(String name, float[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            fail(name + ": length " + actual.length + ", expected " + expected.length);
        }
        int first = -1, bad = 0;
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            double diff = Math.abs(a - e);
            boolean ok = diff <= atol + rtol * Math.abs(e) || (Double.isNaN(e) && Double.isNaN(a));
            if (Double.isNaN(diff) && !(Double.isNaN(e) && Double.isNaN(a))) ok = false;
            maxAbs = Math.max(maxAbs, diff);
            if (e != 0) maxRel = Math.max(maxRel, diff / Math.abs(e));
            if (!ok) {
                bad++;
                if (first < 0) first = i;
            }
        }
        if (bad > 0) {
            StringBuilder sb = new StringBuilder();
            sb.append(name).append(": ").append(bad).append(" of ").append(expected.length)
                    .append(" elements off (atol ").append(atol).append(", rtol ").append(rtol).append("); first at ")
                    .append(first).append(", max abs err ").append(maxAbs).append(", max rel err ").append(maxRel)
                    .append("; (expected, actual) from ").append(first).append(':');
            for (int i = first; i < Math.min(expected.length, first + 5); i++) {
                sb.append(" (").append(expected[i]).append(", ").append(actual[i]).append(')');
            }
            fail(sb.toString());
        }
    }

    /** Largest |a - b| over the arrays (for messages and for tolerance tuning). */
    public static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
