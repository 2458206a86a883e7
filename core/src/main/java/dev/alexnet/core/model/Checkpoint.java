// checkpoint.safetensors: weights, momentum buffers and training progress in one verified safetensors file.
package dev.alexnet.core.model;

import dev.alexnet.core.io.NamedTensor;
import dev.alexnet.core.io.Safetensors;
import dev.alexnet.core.io.SafetensorsException;
import dev.alexnet.core.layers.Parameter;
import dev.alexnet.core.train.EpochMetrics;
import dev.alexnet.core.train.TrainState;
import dev.alexnet.core.train.TrainingDivergedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resumable snapshot of a run, readable by any safetensors reader. Tensors: {@code <param>} (as in
 * {@link ModelFile}, PyTorch layouts) and {@code <param>.velocity} (the SGD momentum buffer). Metadata, all strings:
 * <ul>
 *   <li>{@code format} ({@value #FORMAT}), {@code preset};</li>
 *   <li>the progress: {@code epoch} (0-based, in progress), {@code step} (done in that epoch), {@code global_step},
 *       {@code loss_sum}, {@code confusion} (row-major counts), {@code epoch_seconds}, {@code train_seconds},
 *       {@code images_trained}, {@code elapsed_seconds}, and {@code metrics}: one line per completed epoch with the
 *       {@link EpochMetrics} fields in CSV order. Doubles are written with {@link Double#toString}, which reads back
 *       to the same bits;</li>
 *   <li>{@code rng}: how every random stream derives from the seed (there is no other generator state);</li>
 *   <li>{@code setting.<name>}: the run's settings, whatever the caller passes;</li>
 *   <li>{@code sha256}: SHA-256 over the tensor bytes (little-endian, file order) followed by every other metadata
 *       entry as UTF-8 {@code key=value\n} in file order. {@link #load} recomputes and compares it.</li>
 * </ul>
 * {@link Safetensors#write} makes each save atomic: a temporary file, forced to disk, renamed over the old one.
 */
public final class Checkpoint {
    public static final String FORMAT = "alexnet-panama-checkpoint/1";
    public static final String FILE_NAME = "checkpoint.safetensors";
    static final String VELOCITY = ".velocity";
    private static final String SETTING = "setting.";
    private static final String RNG = "shuffle of epoch e: SplittableRandom(mix(seed, 1000003 e)) applied to the previous"
            + " epoch's order; dropout of global step t: mix(seed, t)";

    private Checkpoint() {}

    /** A checkpoint read back and verified. */
    public record Loaded(AlexNetConfig config, Map<String, float[]> weights, Map<String, float[]> velocities,
                         TrainState state, Map<String, String> settings, Map<String, String> metadata) {}

    /**
     * Writes {@code model}'s weights and momentum with {@code state} and {@code settings} to {@code file}. Refuses,
     * leaving the previous checkpoint as it was, if any weight or momentum value is NaN or infinite.
     */
    public static void save(Path file, AlexNet model, TrainState state, Map<String, String> settings) {
        Map<String, long[]> shapes = ModelFile.expectedShapes(model.config());
        Map<String, float[]> w = model.weights();
        Map<String, float[]> v = model.velocities();
        List<NamedTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            tensors.add(new NamedTensor(p.name(), shapes.get(p.name()), w.get(p.name())));
            tensors.add(new NamedTensor(p.name() + VELOCITY, shapes.get(p.name()), v.get(p.name())));
        }
        NamedTensor bad = ModelFile.firstNonFinite(tensors);
        if (bad != null) {
            throw new TrainingDivergedException("tensor '" + bad.name() + "' holds " + firstBadValue(bad) + " " + state.where()
                    + ", so no checkpoint was written then (try a smaller --lr)");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("preset", model.config().preset());
        meta.put("epoch", String.valueOf(state.epoch()));
        meta.put("step", String.valueOf(state.step()));
        meta.put("global_step", String.valueOf(state.globalStep()));
        meta.put("loss_sum", Double.toString(state.lossSum()));
        meta.put("confusion", join(state.confusion()));
        meta.put("epoch_seconds", Double.toString(state.epochSeconds()));
        meta.put("train_seconds", Double.toString(state.trainSeconds()));
        meta.put("images_trained", String.valueOf(state.imagesTrained()));
        meta.put("elapsed_seconds", Double.toString(state.elapsedSeconds()));
        StringBuilder rows = new StringBuilder();
        for (EpochMetrics m : state.rows()) rows.append(row(m)).append('\n');
        meta.put("metrics", rows.toString());
        meta.put("rng", RNG);
        for (Map.Entry<String, String> e : settings.entrySet()) meta.put(SETTING + e.getKey(), e.getValue());
        meta.put("sha256", sha256(tensors, meta));
        Safetensors.write(file, tensors, meta);
    }

    /** Reads and verifies a checkpoint: format, checksum, preset, every tensor's shape, the progress fields. */
    public static Loaded load(Path file) {
        return load(file, AlexNetConfig::preset);
    }

    /** As {@link #load(Path)}, with the configs of preset names given (tests use their own small presets). */
    static Loaded load(Path file, java.util.function.Function<String, AlexNetConfig> presets) {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        String format = meta.get("format");
        if (!FORMAT.equals(format)) {
            throw bad(file, "not an alexnet checkpoint (metadata format is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "')");
        }
        Map<String, String> rest = new LinkedHashMap<>(meta);
        String stored = rest.remove("sha256");
        if (stored == null || !stored.equals(sha256(c.tensors(), rest))) {
            throw bad(file, "checksum mismatch: the file is damaged (its sha256 metadata "
                    + (stored == null ? "is missing" : "does not match its contents") + ")");
        }
        AlexNetConfig cfg;
        try {
            cfg = presets.apply(meta.getOrDefault("preset", ""));
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
        Map<String, float[]> weights = new LinkedHashMap<>(), velocities = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : ModelFile.expectedShapes(cfg).entrySet()) {
            for (String name : List.of(e.getKey(), e.getKey() + VELOCITY)) {
                NamedTensor t = find(c.tensors(), name);
                if (t == null) throw bad(file, "tensor '" + name + "' is missing for preset " + cfg.preset());
                if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
                    throw bad(file, "tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                            + ", preset " + cfg.preset() + " needs " + java.util.Arrays.toString(e.getValue()));
                }
                (name.endsWith(VELOCITY) ? velocities : weights).put(e.getKey(), t.data());
            }
        }
        TrainState state;
        try {
            List<EpochMetrics> rows = new ArrayList<>();
            for (String line : meta.getOrDefault("metrics", "").split("\n")) {
                if (!line.isEmpty()) rows.add(parseRow(line));
            }
            state = new TrainState(integer(meta, "epoch"), integer(meta, "step"), Long.parseLong(field(meta, "global_step")),
                    real(meta, "loss_sum"), longs(field(meta, "confusion")), real(meta, "epoch_seconds"),
                    real(meta, "train_seconds"), Long.parseLong(field(meta, "images_trained")),
                    real(meta, "elapsed_seconds"), rows);
        } catch (IllegalArgumentException e) {
            throw bad(file, "bad training state: " + e.getMessage());
        }
        if (state.confusion().length != cfg.classes() * cfg.classes()) {
            throw bad(file, "confusion counts for " + state.confusion().length + " pairs, preset " + cfg.preset()
                    + " has " + cfg.classes() + " classes");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith(SETTING)) settings.put(e.getKey().substring(SETTING.length()), e.getValue());
        }
        return new Loaded(cfg, weights, velocities, state, settings, meta);
    }

    /** Puts a loaded checkpoint's weights and momentum buffers into {@code model} (built for the same preset). */
    public static void restore(AlexNet model, Loaded loaded) {
        if (!model.config().preset().equals(loaded.config().preset())) {
            throw new IllegalArgumentException("the checkpoint is of preset " + loaded.config().preset()
                    + ", the model is " + model.config().preset());
        }
        model.loadWeights(loaded.weights());
        for (Parameter p : model.parameters()) {
            model.backend().copyIn(loaded.velocities().get(p.name()), p.velocity());
        }
    }

    private static NamedTensor find(List<NamedTensor> tensors, String name) {
        for (NamedTensor t : tensors) if (t.name().equals(name)) return t;
        return null;
    }

    static String sha256(List<NamedTensor> tensors, Map<String, String> meta) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (NamedTensor t : tensors) {
            float[] d = t.data();
            for (int i = 0; i < d.length; ) {
                int n = Math.min(d.length - i, buf.capacity() / Float.BYTES);
                buf.clear();
                buf.asFloatBuffer().put(d, i, n);
                md.update(buf.array(), 0, n * Float.BYTES);
                i += n;
            }
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The first NaN or infinity of a tensor, as Java prints it (NaN, Infinity, -Infinity). */
    private static String firstBadValue(NamedTensor t) {
        for (float x : t.data()) if (!Float.isFinite(x)) return String.valueOf(x);
        return "no bad value";
    }

    private static String row(EpochMetrics m) {
        return m.epoch() + "," + m.lr() + "," + m.trainLoss() + "," + m.trainAccuracy() + "," + m.trainPrecision() + ","
                + m.valLoss() + "," + m.valAccuracy() + "," + m.valPrecision() + "," + m.seconds() + "," + m.imagesPerSecond()
                + "," + m.trainRecall() + "," + m.valRecall() + "," + m.trainF1() + "," + m.valF1();
    }

    private static EpochMetrics parseRow(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 14) throw new IllegalArgumentException("metrics line has " + f.length + " fields, expected 14");
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
                Double.parseDouble(f[11]), Double.parseDouble(f[12]), Double.parseDouble(f[13]));
    }

    private static String join(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ",").append(v[i]);
        return sb.toString();
    }

    private static long[] longs(String s) {
        String[] f = s.split(",", -1);
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Long.parseLong(f[i]);
        return out;
    }

    private static String field(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) throw new IllegalArgumentException("metadata '" + key + "' is missing");
        return v;
    }

    private static int integer(Map<String, String> meta, String key) {
        return Integer.parseInt(field(meta, key));
    }

    private static double real(Map<String, String> meta, String key) {
        return Double.parseDouble(field(meta, key));
    }

    private static SafetensorsException bad(Path file, String problem) {
        return new SafetensorsException(file + ": " + problem);
    }
}
