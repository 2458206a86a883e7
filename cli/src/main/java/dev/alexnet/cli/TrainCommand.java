// `alexnet train`: trains a preset on Fashion-MNIST and writes the run folder.
package dev.alexnet.cli;

import dev.alexnet.core.data.FashionMnist;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Architecture;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.model.ModelFile;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.train.EpochMetrics;
import dev.alexnet.core.train.TrainConfig;
import dev.alexnet.core.train.TrainListener;
import dev.alexnet.core.train.Trainer;
import dev.alexnet.plots.CurvePlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains AlexNet on Fashion-MNIST and writes a run folder (metrics.csv, summary.json, PNGs, model.safetensors).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "fashion",
            description = "fashion (1x28x28) or paper (the 2012 network on 3x227x227) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.01", description = "Base learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "cosine",
            description = "Learning-rate schedule: cosine, step or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "5e-4", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--init", paramLabel = "KIND", defaultValue = "he",
            description = "Weight initialisation: he or paper (N(0, 0.01), biases 1 in conv2/4/5 and hidden FC) (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of initialisation, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder; must be new or empty (default: a new folder under runs/).")
    Path out;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0", description = "Train on at most N images (default: all 55,000 not held out).")
    int trainLimit;

    @Option(names = "--val-size", paramLabel = "N", defaultValue = "5000", description = "Training images held out for validation (default: ${DEFAULT-VALUE}).")
    int valSize;

    @Option(names = "--test-limit", paramLabel = "N", defaultValue = "0", description = "Evaluate on at most N test images (default: all 10,000).")
    int testLimit;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        AlexNetConfig cfg = AlexNetConfig.preset(preset);
        TrainConfig tc = new TrainConfig(epochs, batchSize, lr, schedule, momentum, weightDecay, seed, Init.parse(init),
                valSize, trainLimit, testLimit);
        RunFolder.checkUsable(out);
        FashionMnist.Splits data = DataSource.load(common);
        try (Backend be = common.createBackend()) {
            Path dir = RunFolder.create(out, cfg.preset(), be.name());
            System.err.println("alexnet: run folder " + dir);
            try (AlexNet model = new AlexNet(cfg, be, batchSize)) {
                model.initialize(tc.init(), seed);
                Path csv = dir.resolve("metrics.csv");
                write(csv, EpochMetrics.CSV_HEADER + "\n", false);
                Map<String, String> meta = Map.of("backend", be.name(), "seed", String.valueOf(seed));
                TrainListener bar = new ProgressBar(System.err, System.console() != null);
                TrainListener listener = new TrainListener() {
                    @Override
                    public void onStep(int e, int es, int s, int ss, double ips, double eta, double loss) {
                        bar.onStep(e, es, s, ss, ips, eta, loss);
                    }

                    @Override
                    public void onEvaluate(String what, int images) {
                        bar.onEvaluate(what, images);
                    }

                    @Override
                    public void onEpoch(EpochMetrics m) {
                        bar.onEpoch(m);
                        // Each epoch lands on disk at once: a crash loses at most the epoch in progress.
                        write(csv, m.csvRow() + "\n", true);
                        ModelFile.save(model, dir.resolve("model.safetensors"), meta);
                        CurvePlots.renderRun(csv, dir);
                    }
                };
                Trainer.Result r = new Trainer(model, tc, listener).run(data.train(), data.test());
                Json summary = new Json()
                        .put("preset", cfg.preset())
                        .put("backend", be.name())
                        .put("backend_description", be.describe())
                        .put("epochs", epochs)
                        .put("batch_size", batchSize)
                        .put("lr", lr)
                        .put("schedule", schedule)
                        .put("init", init)
                        .put("seed", seed)
                        .put("train_images", r.trainImages())
                        .put("val_images", r.valImages())
                        .put("test_images", r.test().confusion().total())
                        .put("test_loss", r.test().loss())
                        .put("test_accuracy", r.test().accuracy())
                        .put("test_precision", r.test().precision())
                        .put("test_recall", r.test().confusion().macroRecall())
                        .put("test_f1", r.test().confusion().macroF1())
                        .put("images_per_second", r.imagesPerSecond())
                        .put("seconds", r.seconds())
                        .put("parameters", Architecture.totalParams(cfg))
                        .put("java", Runtime.version().toString())
                        .put("finished", Instant.now().toString());
                RunFolder.writeAtomically(dir, "summary.json", summary.toPrettyString());
                System.err.printf(Locale.ROOT, "test: loss %.4f  accuracy %.4f  macro precision %.4f  (%d images)%n",
                        r.test().loss(), r.test().accuracy(), r.test().precision(), r.test().confusion().total());
                System.err.println("alexnet: wrote " + dir + " (metrics.csv, summary.json, model.safetensors, PNGs)");
            }
        }
        return Exit.OK;
    }

    private static void write(Path file, String text, boolean append) {
        try {
            Files.writeString(file, text, append ? new StandardOpenOption[]{StandardOpenOption.APPEND}
                    : new StandardOpenOption[]{StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE});
        } catch (IOException e) {
            throw new Exit.Failure(Exit.OUTPUT, "cannot write " + file + ": " + RunFolder.describe(e));
        }
    }
}
