// `alexnet predict --model FILE IMAGE...`: the top classes of each picture, as text or JSON.
package dev.alexnet.cli;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.data.FashionMnist;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.ModelFile;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.train.InputPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classifies PNG or JPEG pictures of any size with a trained model.safetensors.",
                "Each picture is made grey, inverted if its background is light (Fashion-MNIST items are light on "
                        + "dark), padded to a square and resized to 28x28."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model.safetensors written by train.")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
    List<Path> images;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Classes to show per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print one JSON array of {image, inverted, top: [{class, label, probability}]}.")
    boolean json;

    @Mixin CommonOptions common;

    /** One image's result: class indices by falling probability, and the probabilities. */
    record Prediction(Path image, boolean inverted, int[] order, double[] probabilities) {}

    @Override
    public Integer call() {
        if (!Files.isRegularFile(model)) throw new Exit.Failure(Exit.USAGE, "--model " + model + ": no such file");
        int classes = FashionMnist.NUM_CLASSES;
        if (top < 1 || top > classes) throw new IllegalArgumentException("--top must be between 1 and " + classes + ", got " + top);
        ModelFile.Loaded loaded = ModelFile.load(model);
        List<ImageInput.Converted> inputs = new ArrayList<>();
        for (Path p : images) inputs.add(ImageInput.read(p, FashionMnist.ROWS));
        List<Prediction> out = new ArrayList<>();
        int batch = Math.min(inputs.size(), 32);
        try (Backend be = common.createBackend(); AlexNet net = new AlexNet(loaded.config(), be, batch)) {
            net.loadWeights(loaded.weights());
            InputPipeline pipeline = new InputPipeline(loaded.config());
            int per = pipeline.imageSize(), k = loaded.config().classes();
            float[] in = new float[batch * per], logits = new float[batch * k];
            for (int from = 0; from < inputs.size(); from += batch) {
                int n = Math.min(batch, inputs.size() - from);
                java.util.Arrays.fill(in, 0f);
                for (int i = 0; i < n; i++) {
                    Dataset one = new Dataset(1, FashionMnist.ROWS, FashionMnist.COLS, inputs.get(from + i).pixels(), new byte[1]);
                    pipeline.image(one, 0, in, i * per);
                }
                be.copyIn(in, net.input());
                be.copyOut(net.forward(false), logits);
                for (int i = 0; i < n; i++) {
                    double[] p = softmax(logits, i * k, k);
                    Integer[] idx = new Integer[k];
                    for (int j = 0; j < k; j++) idx[j] = j;
                    java.util.Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));
                    int[] order = new int[k];
                    for (int j = 0; j < k; j++) order[j] = idx[j];
                    out.add(new Prediction(images.get(from + i), inputs.get(from + i).inverted(), order, p));
                }
            }
        }
        System.out.print(json ? toJson(out) : toText(out));
        return Exit.OK;
    }

    static double[] softmax(float[] z, int off, int k) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j < k; j++) max = Math.max(max, z[off + j]);
        double[] p = new double[k];
        for (int j = 0; j < k; j++) sum += p[j] = Math.exp(z[off + j] - max);
        for (int j = 0; j < k; j++) p[j] /= sum;
        return p;
    }

    private String name(int label) {
        return label < FashionMnist.CLASS_NAMES.size() ? FashionMnist.CLASS_NAMES.get(label) : "class " + label;
    }

    private String toText(List<Prediction> preds) {
        StringBuilder sb = new StringBuilder();
        for (Prediction p : preds) {
            sb.append(p.image()).append(':');
            for (int j = 0; j < top; j++) {
                sb.append(j == 0 ? " " : ", ").append(name(p.order()[j]))
                        .append(String.format(Locale.ROOT, " %.3f", p.probabilities()[p.order()[j]]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private String toJson(List<Prediction> preds) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < preds.size(); i++) {
            Prediction p = preds.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("  {\"image\": ").append(Json.quote(p.image().toString()))
                    .append(", \"inverted\": ").append(p.inverted()).append(", \"top\": [");
            for (int j = 0; j < top; j++) {
                int c = p.order()[j];
                sb.append(j == 0 ? "" : ", ").append("{\"class\": ").append(Json.quote(name(c))).append(", \"label\": ")
                        .append(c).append(", \"probability\": ")
                        .append(String.format(Locale.ROOT, "%.6f", p.probabilities()[c])).append('}');
            }
            sb.append("]}");
        }
        return sb.append(preds.isEmpty() ? "]\n" : "\n]\n").toString();
    }
}
