// `alexnet train`: trains a preset on Fashion-MNIST and writes the run folder; checkpoints, resume, clean stops.
package dev.alexnet.cli;

import dev.alexnet.core.data.FashionMnist;
import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Architecture;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.model.ModelFile;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.io.SafetensorsException;
import dev.alexnet.core.model.Checkpoint;
import dev.alexnet.core.train.Augmentation;
import dev.alexnet.core.train.EpochMetrics;
import dev.alexnet.core.train.MemoryEstimate;
import dev.alexnet.core.train.TrainState;
import dev.alexnet.core.train.TrainingDivergedException;
import dev.alexnet.core.train.TrainingStoppedException;
import dev.alexnet.core.train.TrainConfig;
import dev.alexnet.core.train.TrainListener;
import dev.alexnet.core.train.Trainer;
import dev.alexnet.plots.CurvePlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
            description = "Learning-rate schedule: cosine, step, plateau (divide by 10 when validation error stops "
                    + "improving, as the paper did) or constant (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0", description = "Train on at most N images (default: 0 = all 55,000 not held out).")
    int trainLimit;

    @Option(names = "--val-size", paramLabel = "N", defaultValue = "5000", description = "Training images held out for validation (default: ${DEFAULT-VALUE}).")
    int valSize;

    @Option(names = "--test-limit", paramLabel = "N", defaultValue = "0", description = "Evaluate on at most N test images (default: 0 = all 10,000).")
    int testLimit;

    @Option(names = "--warmup-epochs", paramLabel = "N", defaultValue = "0",
            description = "Epochs of linear learning-rate warm-up before the schedule (default: ${DEFAULT-VALUE}).")
    int warmupEpochs;

    @Option(names = "--augment", paramLabel = "LIST", defaultValue = "crop,flip,jitter",
            description = "Training-image augmentation, any of crop (pad 2 and crop back, at random), flip (mirror half "
                    + "the images), jitter (random intensity scale and shift); 'none' turns it off (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--early-stop", paramLabel = "N", defaultValue = "0",
            description = "Stop when validation accuracy has not improved for N epochs (default: ${DEFAULT-VALUE}, off). "
                    + "best.safetensors always holds the weights of the best validation epoch.")
    int earlyStop;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Also write checkpoint.safetensors every N steps (default: at the end of each epoch only; "
                    + "it is always written then).")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the run in RUN_DIR from its checkpoint.safetensors, with the run's own settings.")
    Path resume;

    @Mixin CommonOptions common;

    @Spec CommandSpec spec;

    /** Options that are a run's settings: --resume takes them from the checkpoint, so they may not be given with it. */
    private static final List<String> SETTINGS = List.of("--preset", "--epochs", "--batch-size", "--lr", "--schedule",
            "--momentum", "--weight-decay", "--init", "--seed", "--out", "--train-limit", "--val-size", "--test-limit",
            "--warmup-epochs", "--augment", "--early-stop");

    @Override
    public Integer call() {
        Checkpoint.Loaded ck = resume == null ? null : loadCheckpoint();
        int every = checkpointEvery != null ? checkpointEvery
                : ck != null ? Integer.parseInt(ck.settings().getOrDefault("checkpoint_every", "0")) : 0;
        if (every < 0) throw new IllegalArgumentException("--checkpoint-every must be >= 0, got " + every);
        AlexNetConfig cfg = AlexNetConfig.preset(preset);
        TrainConfig tc = new TrainConfig(epochs, batchSize, lr, schedule, momentum, weightDecay, seed, Init.parse(init),
                valSize, trainLimit, testLimit, warmupEpochs, augmentation(augment));
        if (ck == null) RunFolder.checkUsable(out);
        FashionMnist.Splits data = DataSource.load(common);
        try (Backend be = common.createBackend()) {
            checkMemory(cfg, be); // before the model allocates anything
            int threads = common.threads == 0 ? Runtime.getRuntime().availableProcessors() : common.threads;
            if (ck != null) warnIfNotExact(ck, be.name(), threads);
            boolean existed = out != null && Files.exists(out);
            Path dir = ck != null ? resume : RunFolder.create(out, cfg.preset(), be.name());
            try {
                Trainer.checkFits(tc, data.train().count());
            } catch (IllegalArgumentException e) {
                if (ck == null && !existed) {
                    try {
                        Files.deleteIfExists(dir); // still empty: leave nothing behind
                    } catch (IOException ignored) {
                        // the settings error is the one to report
                    }
                }
                throw e;
            }
            System.err.println("alexnet: run folder " + dir);
            Map<String, String> settings = settings(be.name(), threads, every);
            try (AlexNet model = new AlexNet(cfg, be, batchSize)) {
                Path csv = dir.resolve("metrics.csv");
                Path checkpointFile = dir.resolve(Checkpoint.FILE_NAME);
                if (ck == null) {
                    model.initialize(tc.init(), seed);
                    write(csv, EpochMetrics.CSV_HEADER + "\n", false);
                } else {
                    Checkpoint.restore(model, ck);
                    removeStaleTemporaries(dir);
                    // The rows the checkpoint knows; a row written after it (a crash between the two) is dropped.
                    StringBuilder rows = new StringBuilder(EpochMetrics.CSV_HEADER + "\n");
                    for (EpochMetrics m : ck.state().rows()) rows.append(m.csvRow()).append("\n");
                    RunFolder.writeAtomically(dir, "metrics.csv", rows.toString());
                    System.err.println("alexnet: resuming " + ck.state().where() + " from " + checkpointFile);
                }
                Map<String, String> meta = Map.of("backend", be.name(), "seed", String.valueOf(seed));
                TrainListener bar = new ProgressBar(System.err, System.console() != null);
                TrainState[] last = {ck == null ? null : ck.state()};
                // The best validation epoch so far (a resumed run knows it from the checkpoint's rows).
                EpochMetrics[] bestRow = {ck == null || Trainer.bestEpoch(ck.state().rows()) < 0 ? null
                        : ck.state().rows().get(Trainer.bestEpoch(ck.state().rows()))};
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
                        try {
                            ModelFile.save(model, dir.resolve("model.safetensors"), meta);
                            if (bestRow[0] == null || m.valAccuracy() > bestRow[0].valAccuracy()) {
                                bestRow[0] = m;
                                Map<String, String> bestMeta = new LinkedHashMap<>(meta);
                                bestMeta.put("epoch", String.valueOf(m.epoch()));
                                bestMeta.put("val_accuracy", Double.toString(m.valAccuracy()));
                                ModelFile.save(model, dir.resolve("best.safetensors"), bestMeta);
                            }
                        } catch (SafetensorsException ex) {
                            throw new Exit.Failure(Exit.OUTPUT, ex.getMessage());
                        }
                        CurvePlots.renderRun(csv, dir);
                    }

                    @Override
                    public void onCheckpoint(TrainState st) {
                        try {
                            Checkpoint.save(checkpointFile, model, st, settings);
                        } catch (SafetensorsException ex) {
                            throw new Exit.Failure(Exit.OUTPUT, ex.getMessage()); // a disk that is full, say
                        }
                        last[0] = st;
                    }
                };
                Trainer.Result r;
                try (StopSignals signals = StopSignals.install()) {
                    r = new Trainer(model, tc, listener).checkpointEvery(every).earlyStopping(earlyStop)
                            .stopWhen(signals::requested)
                            .run(data.train(), data.test(), ck == null ? null : ck.state());
                } catch (TrainingStoppedException e) {
                    String sig = StopSignals.name(StopSignals.lastSignal());
                    throw new Exit.Failure(StopSignals.exitCode(StopSignals.lastSignal()), "stopped by " + sig + " "
                            + e.state().where() + "; checkpoint written to " + checkpointFile
                            + "; continue with: alexnet train --resume " + dir);
                } catch (TrainingDivergedException e) {
                    throw new TrainingDivergedException(e.getMessage() + (last[0] == null ? "; no checkpoint was written"
                            : "; the last good checkpoint (" + last[0].where() + ") is kept in " + checkpointFile));
                }
                Json summary = new Json()
                        .put("preset", cfg.preset())
                        .put("backend", be.name())
                        .put("backend_description", be.describe())
                        .put("epochs", epochs)
                        .put("batch_size", batchSize)
                        .put("lr", lr)
                        .put("schedule", schedule)
                        .put("init", init)
                        .put("augment", augment)
                        .put("warmup_epochs", warmupEpochs)
                        .put("seed", seed)
                        .put("epochs_run", r.epochs().size())
                        .put("early_stop", earlyStop)
                        .put("best_epoch", r.epochs().isEmpty() ? 0 : r.epochs().get(Trainer.bestEpoch(r.epochs())).epoch())
                        .put("best_val_accuracy", r.epochs().isEmpty() ? Double.NaN
                                : r.epochs().get(Trainer.bestEpoch(r.epochs())).valAccuracy())
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
                Path report = ReportWriter.write(dir, new ReportWriter.ReportInputs(cfg, r.test().confusion()));
                System.err.printf(Locale.ROOT, "test: loss %.4f  accuracy %.4f  macro precision %.4f  (%d images)%n",
                        r.test().loss(), r.test().accuracy(), r.test().precision(), r.test().confusion().total());
                System.err.println("alexnet: wrote " + dir + " (metrics.csv, summary.json, model.safetensors, PNGs); open " + report);
            }
        }
        return Exit.OK;
    }

    /** Parses --augment: "none", or a comma-separated subset of crop, flip, jitter. */
    static Augmentation augmentation(String list) {
        String v = list.trim().toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.isEmpty()) return Augmentation.NONE;
        boolean crop = false, flip = false, jitter = false;
        for (String part : v.split(",")) {
            switch (part.trim()) {
                case "crop" -> crop = true;
                case "flip" -> flip = true;
                case "jitter" -> jitter = true;
                default -> throw new IllegalArgumentException("--augment: unknown part '" + part.trim()
                        + "'; use none or any of crop, flip, jitter");
            }
        }
        Augmentation d = Augmentation.DEFAULT;
        return new Augmentation(crop, crop ? d.pad() : 0, flip, jitter ? d.jitter() : 0);
    }

    /** Reads --resume's checkpoint and takes the run's settings from it. */
    private Checkpoint.Loaded loadCheckpoint() {
        for (String name : SETTINGS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new Exit.Failure(Exit.USAGE, name + " cannot be combined with --resume: a resumed run keeps the "
                        + "settings of its checkpoint");
            }
        }
        if (!Files.isDirectory(resume)) throw new Exit.Failure(Exit.USAGE, "--resume " + resume + ": no such folder");
        Path file = resume.resolve(Checkpoint.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new Exit.Failure(Exit.USAGE, "--resume " + resume + ": no " + Checkpoint.FILE_NAME
                    + " in it (is it a run folder, and did the run reach its first checkpoint?)");
        }
        Checkpoint.Loaded ck = Checkpoint.load(file);
        Map<String, String> st = ck.settings();
        try {
            preset = ck.config().preset();
            epochs = Integer.parseInt(need(st, "epochs", file));
            batchSize = Integer.parseInt(need(st, "batch_size", file));
            lr = Double.parseDouble(need(st, "lr", file));
            schedule = need(st, "schedule", file);
            momentum = Double.parseDouble(need(st, "momentum", file));
            weightDecay = Double.parseDouble(need(st, "weight_decay", file));
            init = need(st, "init", file);
            seed = Long.parseLong(need(st, "seed", file));
            valSize = Integer.parseInt(need(st, "val_size", file));
            trainLimit = Integer.parseInt(need(st, "train_limit", file));
            testLimit = Integer.parseInt(need(st, "test_limit", file));
            warmupEpochs = Integer.parseInt(need(st, "warmup_epochs", file));
            augment = need(st, "augment", file);
            earlyStop = Integer.parseInt(need(st, "early_stop", file));
        } catch (NumberFormatException e) {
            throw new SafetensorsException(file + ": bad setting in the metadata: " + e.getMessage());
        }
        return ck;
    }

    private static String need(Map<String, String> settings, String key, Path file) {
        String v = settings.get(key);
        if (v == null) throw new SafetensorsException(file + ": the metadata has no setting." + key);
        return v;
    }

    /** The settings a checkpoint records, enough to rebuild the run's TrainConfig. */
    private Map<String, String> settings(String backendName, int threads, int every) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epochs", String.valueOf(epochs));
        m.put("batch_size", String.valueOf(batchSize));
        m.put("lr", Double.toString(lr));
        m.put("schedule", schedule);
        m.put("momentum", Double.toString(momentum));
        m.put("weight_decay", Double.toString(weightDecay));
        m.put("init", init);
        m.put("seed", String.valueOf(seed));
        m.put("val_size", String.valueOf(valSize));
        m.put("train_limit", String.valueOf(trainLimit));
        m.put("test_limit", String.valueOf(testLimit));
        m.put("warmup_epochs", String.valueOf(warmupEpochs));
        m.put("augment", augment);
        m.put("early_stop", String.valueOf(earlyStop));
        m.put("checkpoint_every", String.valueOf(every));
        m.put("backend", backendName);
        m.put("threads", String.valueOf(threads));
        return m;
    }

    private static void warnIfNotExact(Checkpoint.Loaded ck, String backendName, int threads) {
        String was = ck.settings().getOrDefault("backend", "?") + " with " + ck.settings().getOrDefault("threads", "?")
                + " threads";
        String now = backendName + " with " + threads + " threads";
        if (!was.equals(now)) {
            System.err.println("alexnet: note: the run was on " + was + ", it continues on " + now
                    + "; it will not repeat the uninterrupted run bit for bit");
        }
    }

    /** Fails before allocating when the batch cannot fit the Java heap (host backends; the GPU checks its own). */
    private void checkMemory(AlexNetConfig cfg, Backend be) {
        if (be.name().equals("gpu")) return;
        long need = MemoryEstimate.trainingBytes(cfg, batchSize), max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new Exit.Failure(Exit.MEMORY, "--batch-size " + batchSize + " needs about " + MemoryEstimate.human(need)
                    + " for the " + cfg.preset() + " preset (activations, gradients, 3x parameters) but Java may use at "
                    + "most " + MemoryEstimate.human(max) + "; use a smaller --batch-size or more heap "
                    + "(ALEXNET_JAVA_OPTS=-Xmx16g)");
        }
    }

    /** Temporary files of a checkpoint write that a kill -9 interrupted; the checkpoint itself is intact. */
    private static void removeStaleTemporaries(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith("." + Checkpoint.FILE_NAME + ".") && n.endsWith(".tmp")) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("alexnet: note: cannot tidy " + dir + ": " + RunFolder.describe(e));
        }
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
