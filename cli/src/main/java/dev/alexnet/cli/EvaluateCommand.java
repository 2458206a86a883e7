// `alexnet evaluate --model FILE`: test-set loss, accuracy and macro precision/recall/F1 of a saved model.
package dev.alexnet.cli;

import dev.alexnet.core.data.FashionMnist;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.ModelFile;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.train.Evaluation;
import dev.alexnet.core.train.InputPipeline;
import dev.alexnet.core.train.TestTimeAugmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a trained model.safetensors on the 10,000 Fashion-MNIST test images.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model.safetensors written by train.")
    Path model;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "256", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--test-limit", paramLabel = "N", defaultValue = "0", description = "Evaluate on at most N test images (default: all).")
    int testLimit;

    @Option(names = "--tta", description = "Test-time augmentation: average the predictions of each image and its mirror.")
    boolean tta;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(model)) {
            throw new Exit.Failure(Exit.USAGE, "--model " + model + ": no such file");
        }
        if (batchSize < 1 || batchSize > 65536) {
            throw new IllegalArgumentException("--batch-size must be between 1 and 65536, got " + batchSize);
        }
        if (testLimit < 0) {
            throw new IllegalArgumentException("--test-limit must be >= 0, got " + testLimit);
        }
        ModelFile.Loaded loaded = ModelFile.load(model);
        FashionMnist.Splits data = DataSource.load(common);
        try (Backend be = common.createBackend(); AlexNet net = new AlexNet(loaded.config(), be, batchSize)) {
            net.loadWeights(loaded.weights());
            int count = testLimit > 0 ? Math.min(testLimit, data.test().count()) : data.test().count();
            int[] order = new int[count];
            for (int i = 0; i < count; i++) order[i] = i;
            InputPipeline pipeline = new InputPipeline(loaded.config());
            Evaluation ev = tta ? TestTimeAugmentation.evaluate(net, pipeline, data.test(), order, count)
                    : Evaluation.of(net, pipeline, data.test(), order, count);
            System.out.printf(java.util.Locale.ROOT,
                    "model %s (preset %s) on %d test images%s:%n  loss %.4f%n  accuracy %.4f%n  macro precision %.4f%n"
                            + "  macro recall %.4f%n  macro F1 %.4f%n",
                    model, loaded.config().preset(), count, tta ? " (with its mirror, --tta)" : "", ev.loss(), ev.accuracy(), ev.precision(),
                    ev.confusion().macroRecall(), ev.confusion().macroF1());
        }
        return Exit.OK;
    }
}
