// Counts of (actual, predicted) pairs and the metrics derived from them: accuracy, macro precision/recall/F1.
package dev.alexnet.core.train;

/**
 * A {@code classes x classes} confusion matrix, {@code counts[actual][predicted]}. Macro averages run
 * over every class; a class that is never predicted has precision 0 and one that never occurs has
 * recall 0 (scikit-learn's {@code zero_division=0}), so a model that ignores a class is not flattered.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        this.counts = new long[classes][classes];
    }

    public int classes() { return counts.length; }

    public void add(int actual, int predicted) { counts[actual][predicted]++; }

    public long count(int actual, int predicted) { return counts[actual][predicted]; }

    public long total() {
        long t = 0;
        for (long[] row : counts) for (long v : row) t += v;
        return t;
    }

    public double accuracy() {
        long t = total(), hit = 0;
        for (int i = 0; i < counts.length; i++) hit += counts[i][i];
        return t == 0 ? 0 : (double) hit / t;
    }

    /** Of the images predicted as {@code c}, the fraction that are {@code c}; 0 if none was predicted. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) predicted += row[c];
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** Of the images of class {@code c}, the fraction predicted as {@code c}; 0 if there are none. */
    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) actual += v;
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public long support(int c) {
        long actual = 0;
        for (long v : counts[c]) actual += v;
        return actual;
    }

    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += precision(c);
        return s / counts.length;
    }

    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += recall(c);
        return s / counts.length;
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += f1(c);
        return s / counts.length;
    }

    /** A copy of the counts as ints (for plotting). */
    public int[][] toIntArray() {
        int[][] out = new int[counts.length][counts.length];
        for (int i = 0; i < counts.length; i++) for (int j = 0; j < counts.length; j++) out[i][j] = (int) counts[i][j];
        return out;
    }
}
