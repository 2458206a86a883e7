// Training progress on stderr: a bar with images/s and ETA that redraws in place on a terminal.
package dev.alexnet.cli;

import dev.alexnet.core.train.EpochMetrics;
import dev.alexnet.core.train.TrainListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * On a terminal the bar is redrawn with a carriage return at most every 200 ms; when stderr is a file
 * or a pipe it prints a line every 10% of an epoch instead, so logs stay readable.
 */
final class ProgressBar implements TrainListener {
    private final PrintStream out;
    private final boolean terminal;
    private long lastDraw;
    private int lastDecile = -1;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onStep(int epoch, int epochs, int step, int steps, double ips, double eta, double loss) {
        long now = System.nanoTime();
        int decile = step * 10 / steps;
        if (terminal) {
            if (step != steps && now - lastDraw < 200_000_000L) return;
            lastDraw = now;
            int width = 30, done = (int) ((long) width * step / steps);
            String bar = "=".repeat(done) + (done < width ? ">" + " ".repeat(width - done - 1) : "");
            out.printf(Locale.ROOT, "\repoch %d/%d [%s] %d/%d  %.1f img/s  ETA %s  loss %.4f ", epoch, epochs, bar,
                    step, steps, ips, duration(eta), loss);
            out.flush();
        } else if (decile != lastDecile && (decile > 0 || step == 1)) {
            lastDecile = decile;
            out.printf(Locale.ROOT, "epoch %d/%d: step %d/%d (%d%%), %.1f img/s, ETA %s, loss %.4f%n", epoch, epochs,
                    step, steps, 100 * step / steps, ips, duration(eta), loss);
        }
        if (step == steps) lastDecile = -1;
    }

    @Override
    public void onEvaluate(String what, int images) {
        if (terminal) out.print("\r" + " ".repeat(100) + "\r");
        out.printf(Locale.ROOT, "evaluating on %d %s images ...%n", images, what);
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        out.printf(Locale.ROOT, "epoch %d: lr %.4g  train loss %.4f acc %.4f prec %.4f | val loss %.4f acc %.4f prec %.4f | %.1f s, %.1f img/s%n",
                m.epoch(), m.lr(), m.trainLoss(), m.trainAccuracy(), m.trainPrecision(), m.valLoss(), m.valAccuracy(),
                m.valPrecision(), m.seconds(), m.imagesPerSecond());
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}
