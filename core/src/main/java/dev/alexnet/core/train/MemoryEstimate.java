// What a batch size costs in memory, estimated from the layer shapes before anything is allocated.
package dev.alexnet.core.train;

import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Architecture;

/** A lower bound on the bytes a training model of a preset holds, so an impossible batch fails at once. */
public final class MemoryEstimate {
    private MemoryEstimate() {}

    /**
     * float32 bytes of: the input and every layer's output for {@code batch} images (activations), as much again
     * for their gradients, and 3x the parameters (values, gradients, momentum). Saved buffers (LRN scales, pool
     * indices, dropout masks, convolution workspaces) come on top, so the real need is higher.
     */
    public static long trainingBytes(AlexNetConfig cfg, int batch) {
        long perImage = (long) cfg.inC() * cfg.inH() * cfg.inW();
        for (Architecture.Row r : Architecture.rows(cfg)) perImage += r.output().size();
        return Float.BYTES * (2L * batch * perImage + 3L * Architecture.totalParams(cfg));
    }

    /** "1.2 GB", "640 MB". */
    public static String human(long bytes) {
        if (bytes >= 1L << 40) return String.format(java.util.Locale.ROOT, "%.1f TB", bytes / (double) (1L << 40));
        if (bytes >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        return String.format(java.util.Locale.ROOT, "%d MB", (bytes + (1 << 20) - 1) >> 20);
    }
}
