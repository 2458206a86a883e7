// model.safetensors: the trained weights under PyTorch-style names, with the preset in the metadata.
package dev.alexnet.core.model;

import dev.alexnet.core.io.NamedTensor;
import dev.alexnet.core.io.Safetensors;
import dev.alexnet.core.io.SafetensorsException;
import dev.alexnet.core.layers.Parameter;
import dev.alexnet.core.shape.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads an {@link AlexNet}'s weights as safetensors, readable by other tools
 * ({@code safetensors.torch.load_file}). Filters are stored (K, C/G, R, S) and FC weights (OUT, IN),
 * PyTorch's layouts. The metadata holds {@code format} ({@value #FORMAT}), {@code preset} and whatever
 * the caller adds.
 */
public final class ModelFile {
    public static final String FORMAT = "alexnet-panama/1";

    private ModelFile() {}

    /** What a model file holds: the preset it was trained as, its weights by name, and the metadata. */
    public record Loaded(AlexNetConfig config, Map<String, float[]> weights, Map<String, String> metadata) {}

    public static void save(AlexNet model, Path file, Map<String, String> extraMetadata) {
        Map<String, float[]> w = model.weights();
        Map<String, long[]> shapes = expectedShapes(model.config());
        List<NamedTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            tensors.add(new NamedTensor(p.name(), shapes.get(p.name()), w.get(p.name())));
        }
        NamedTensor bad = firstNonFinite(tensors);
        if (bad != null) {
            throw new dev.alexnet.core.train.TrainingDivergedException("tensor '" + bad.name() + "' holds NaN or infinity, so "
                    + file.getFileName() + " was not written (try a smaller --lr)");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("preset", model.config().preset());
        meta.putAll(extraMetadata);
        Safetensors.write(file, tensors, meta);
    }

    /** Reads a model file and checks it against its preset: every tensor present with the right shape. */
    public static Loaded load(Path file) {
        Safetensors.Contents c = Safetensors.read(file);
        String format = c.metadata().get("format");
        if (!FORMAT.equals(format)) {
            throw new SafetensorsException(file + ": not an alexnet model file (metadata format is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "')");
        }
        String preset = c.metadata().get("preset");
        AlexNetConfig cfg;
        try {
            cfg = AlexNetConfig.preset(preset == null ? "" : preset);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(file + ": " + e.getMessage());
        }
        NamedTensor bad = firstNonFinite(c.tensors());
        if (bad != null) {
            throw new SafetensorsException(file + ": tensor '" + bad.name() + "' holds NaN or infinity (the file is damaged, "
                    + "or was written by a run that diverged)");
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (NamedTensor t : c.tensors()) weights.put(t.name(), t.data());
        // Check every expected tensor's shape without allocating a model.
        Map<String, long[]> expected = expectedShapes(cfg);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            NamedTensor t = c.get(e.getKey());
            if (t == null) {
                throw new SafetensorsException(file + ": tensor '" + e.getKey() + "' is missing for preset " + cfg.preset());
            }
            if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
                throw new SafetensorsException(file + ": tensor '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(t.shape()) + ", preset " + cfg.preset() + " needs "
                        + java.util.Arrays.toString(e.getValue()));
            }
        }
        return new Loaded(cfg, weights, c.metadata());
    }

    /** The first tensor holding a NaN or an infinity, or null when every value is finite. */
    static NamedTensor firstNonFinite(List<NamedTensor> tensors) {
        for (NamedTensor t : tensors) {
            for (float x : t.data()) {
                if (!Float.isFinite(x)) return t;
            }
        }
        return null;
    }

    /** Parameter name -> shape, for a preset. */
    static Map<String, long[]> expectedShapes(AlexNetConfig cfg) {
        Map<String, long[]> out = new LinkedHashMap<>();
        Shape s = new Shape(1, cfg.inC(), cfg.inH(), cfg.inW());
        for (LayerSpec l : cfg.layers()) {
            switch (l) {
                case LayerSpec.Conv c -> {
                    var g = Architecture.conv(s, c);
                    out.put(c.name() + ".weight", new long[]{c.k(), g.cPerGroup(), c.r(), c.r()});
                    out.put(c.name() + ".bias", new long[]{c.k()});
                    s = g.outputShape();
                }
                case LayerSpec.MaxPool p -> s = Architecture.pool(s, p).outputShape();
                case LayerSpec.Linear f -> {
                    out.put(f.name() + ".weight", new long[]{f.out(), s.perImage()});
                    out.put(f.name() + ".bias", new long[]{f.out()});
                    s = Shape.matrix(1, f.out());
                }
                default -> { }
            }
        }
        return out;
    }
}
