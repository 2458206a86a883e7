// Bad input of every kind: one line naming the file or flag, a distinct exit code, no stack trace, nothing overwritten.
package dev.alexnet.cli;

import static dev.alexnet.cli.CliTest.assertOneLineError;
import static dev.alexnet.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.model.AlexNet;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.Checkpoint;
import dev.alexnet.core.model.Init;
import dev.alexnet.core.model.ModelFile;
import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.train.MemoryEstimate;
import dev.alexnet.core.train.TrainState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailureModesTest {
    static final String IMAGES = "train-images-idx3-ubyte", LABELS = "train-labels-idx1-ubyte";

    /** A synthetic data folder with one file damaged as {@code how} says; returns the damaged file's name. */
    static String damage(Path data, String how) throws IOException {
        SyntheticData.write(data, 40, 8);
        Path images = data.resolve(IMAGES), labels = data.resolve(LABELS);
        byte[] img = Files.readAllBytes(images), lab = Files.readAllBytes(labels);
        switch (how) {
            case "bad-magic" -> {
                img[3] = 0x01;
                Files.write(images, img);
            }
            case "truncated" -> Files.write(images, Arrays.copyOf(img, img.length - 100));
            case "wrong-size" -> {
                ByteBuffer.wrap(img).putInt(8, 27);
                Files.write(images, img);
            }
            case "count-mismatch" -> Files.write(labels, SyntheticData.labels(Arrays.copyOf(Arrays.copyOfRange(lab, 8, lab.length), 39)));
            case "label-out-of-range" -> {
                lab[8 + 17] = 12;
                Files.write(labels, lab);
            }
            case "gzip-garbage" -> {
                Files.delete(images);
                byte[] junk = new byte[500];
                new java.util.Random(3).nextBytes(junk);
                junk[0] = 0x1f;
                junk[1] = (byte) 0x8b;
                Files.write(data.resolve(IMAGES + ".gz"), junk);
                return IMAGES + ".gz";
            }
            default -> throw new IllegalArgumentException(how);
        }
        return how.equals("count-mismatch") || how.equals("label-out-of-range") ? LABELS : IMAGES;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bad-magic", "truncated", "wrong-size", "count-mismatch", "label-out-of-range", "gzip-garbage"})
    void aDamagedDataFileIsNamedWithExitCode3AndNoRunFolder(String how, @TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("data"), out = tmp.resolve("run");
        String file = damage(data, how);
        CliTest.Outcome o = run("train", "--backend", "reference", "--data", data.toString(), "--out", out.toString());
        assertOneLineError(o, 3, file);
        assertFalse(Files.exists(out), "nothing is created before the data is known to be good");
        assertTrue(run("train", "--backend", "reference", "--data", data.toString(), "--debug").err().contains("\tat "),
                "--debug adds the stack trace");
    }

    @Test
    void anEmptyOrMissingDataFolderIsExitCode2(@TempDir Path tmp) {
        assertOneLineError(run("train", "--backend", "reference", "--data", tmp.toString()), 2, tmp.toString(), "missing");
        Path none = tmp.resolve("nowhere");
        assertOneLineError(run("train", "--backend", "reference", "--data", none.toString()), 2, none.toString());
    }

    @Test
    void settingsThatLeaveNoTrainingStepFailBeforeTheRunFolderExists(@TempDir Path tmp) throws IOException {
        Path data = SyntheticData.write(tmp.resolve("data"), 40, 8);
        Path out = tmp.resolve("run");
        assertOneLineError(run("train", "--backend", "reference", "--data", data.toString(), "--out", out.toString(),
                "--val-size", "40"), 2, "--val-size");
        assertOneLineError(run("train", "--backend", "reference", "--data", data.toString(), "--out", out.toString(),
                "--val-size", "30", "--batch-size", "16"), 2, "--batch-size 16", "10 training images");
        assertFalse(Files.exists(out), "no run folder is left behind, so the same --out works next time");
    }

    @Test
    void absurdThreadCountsAreRefusedUpFront(@TempDir Path tmp) throws IOException {
        Path data = SyntheticData.write(tmp.resolve("data"), 40, 8);
        assertOneLineError(run("train", "--backend", "reference", "--data", data.toString(), "--threads", "100000",
                "--out", tmp.resolve("run").toString()), 2, "--threads", "100000");
    }

    @Test
    void aDivergedRunWritesNoModelAndANonFiniteModelIsRefused(@TempDir Path tmp) throws IOException {
        Path data = SyntheticData.write(tmp.resolve("data"), 40, 8);
        Path out = tmp.resolve("run");
        CliTest.Outcome o = run("train", "--backend", "reference", "--data", data.toString(), "--out", out.toString(),
                "--lr", "1e30", "--epochs", "1", "--batch-size", "8", "--train-limit", "16", "--val-size", "8",
                "--test-limit", "8", "--augment", "none");
        assertEquals(6, o.code(), o.err());
        assertFalse(Files.exists(out.resolve("model.safetensors")), "no model with NaN or infinite weights: " + o.err());
    }

    @Test
    void anUnwritableOutIsExitCode5(@TempDir Path tmp) throws IOException {
        Path data = SyntheticData.write(tmp.resolve("data"), 40, 8);
        Path file = Files.writeString(tmp.resolve("a-file"), "keep");
        // A folder below a regular file cannot be created (permissions would not stop root, this does).
        assertOneLineError(run("train", "--backend", "reference", "--data", data.toString(), "--out",
                file.resolve("run").toString(), "--train-limit", "8", "--val-size", "8"), 5, "a-file");
        assertOneLineError(run("train", "--backend", "reference", "--data", data.toString(), "--out", file.toString()),
                5, "a-file", "is a file");
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void aBatchThatCannotFitFailsBeforeAllocatingWithExitCode7(@TempDir Path tmp) throws IOException {
        long need = MemoryEstimate.trainingBytes(AlexNetConfig.paper(), 65536);
        assertTrue(need > Runtime.getRuntime().maxMemory(), "the test needs an estimate beyond the heap: " + need);
        Path out = tmp.resolve("run");
        CliTest.Outcome o = run("train", "--backend", "reference", "--preset", "paper", "--batch-size", "65536",
                "--data", SyntheticData.write(tmp.resolve("data"), 40, 8).toString(), "--out", out.toString());
        assertOneLineError(o, 7, "--batch-size 65536", MemoryEstimate.human(need), "paper");
        assertFalse(Files.exists(out));
    }

    @Test
    void theEstimateCountsActivationsGradientsAndThreeCopiesOfTheParameters() {
        // fashion per image: input 784; conv1, relu1, lrn1 64x28x28 each; pool1 64x13x13; conv2, relu2, lrn2
        // 192x13x13 each; pool2 192x6x6; conv3, relu3 384x6x6; conv4, relu4, conv5, relu5 256x6x6; pool5 256x2x2;
        // fc1, relu6, drop1, fc2, relu7, drop2 2048 each; fc3 10.
        long perImage = 784 + 3 * 50176 + 10816 + 3 * 32448 + 6912 + 2 * 13824 + 4 * 9216 + 1024 + 6 * 2048 + 10;
        // conv 1,664 + 307,392 + 663,936 + 884,992 + 590,080; fc 2,099,200 + 4,196,352 + 20,490.
        long params = 8_764_106L;
        assertEquals(params, dev.alexnet.core.model.Architecture.totalParams(AlexNetConfig.fashion()));
        assertEquals(4 * (2 * 128 * perImage + 3 * params), MemoryEstimate.trainingBytes(AlexNetConfig.fashion(), 128));
    }

    @Test
    void resumeProblemsAreNamed(@TempDir Path tmp) throws IOException {
        Path data = SyntheticData.write(tmp.resolve("data"), 40, 8);
        String d = data.toString();
        Path none = tmp.resolve("none");
        assertOneLineError(run("train", "--resume", none.toString(), "--data", d), 2, "--resume", "no such folder");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertOneLineError(run("train", "--resume", empty.toString(), "--data", d), 2, "no checkpoint.safetensors");
        assertOneLineError(run("train", "--resume", empty.toString(), "--lr", "0.1"), 2, "--lr", "--resume");
        assertOneLineError(run("train", "--checkpoint-every", "-1", "--data", d, "--backend", "reference"), 2,
                "--checkpoint-every");

        // A model file where the checkpoint should be, a damaged checkpoint: exit 4 with the file's name.
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path ck = run.resolve(Checkpoint.FILE_NAME);
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(AlexNetConfig.fashion(), be, 1)) {
            net.initialize(Init.HE, 1);
            ModelFile.save(net, ck, Map.of());
            assertOneLineError(run("train", "--resume", run.toString(), "--data", d), 4, ck.toString(), "not an alexnet checkpoint");
            Checkpoint.save(ck, net, new TrainState(0, 1, 1, 2.3, new long[100], 0, 0, 0, 0, List.of()), Map.of());
        }
        assertOneLineError(run("evaluate", "--model", ck.toString()), 4, ck.toString(), "not an alexnet model file");
        assertOneLineError(run("train", "--resume", run.toString(), "--data", d), 4, "setting.epochs");
        byte[] b = Files.readAllBytes(ck);
        b[b.length / 2] ^= 1;
        Files.write(ck, b);
        assertOneLineError(run("train", "--resume", run.toString(), "--data", d), 4, ck.toString(), "checksum");
    }

    @Test
    void aLossThatBecomesNaNStopsWithEpochAndStepAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        Path data = SyntheticData.write(tmp.resolve("data"), 80, 8), out = tmp.resolve("run");
        CliTest.Outcome o = run("train", "--backend", "cpu", "--threads", "1", "--data", data.toString(), "--out",
                out.toString(), "--lr", "1000", "--schedule", "constant", "--epochs", "1", "--batch-size", "8",
                "--train-limit", "48", "--val-size", "8", "--test-limit", "8", "--checkpoint-every", "1");
        assertEquals(6, o.code(), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
        // Either the loss turns NaN / infinite, or the weights do first and the checkpoint of that step is refused.
        Pattern lossLine = Pattern.compile("training loss became (NaN|-?Infinity) at epoch 1, step (\\d+) .*");
        Pattern weightLine = Pattern.compile("tensor '[a-z0-9.]+' holds (NaN|-?Infinity) in epoch 1 after step (\\d+).*");
        List<String> lines = o.err().lines().filter(l -> l.startsWith("alexnet: ") && (lossLine.matcher(l.substring(9)).matches()
                || weightLine.matcher(l.substring(9)).matches())).toList();
        assertEquals(1, lines.size(), o.err());
        String line = lines.get(0).substring(9);
        Matcher m = lossLine.matcher(line).matches() ? lossLine.matcher(line) : weightLine.matcher(line);
        assertTrue(m.matches());
        int badStep = Integer.parseInt(m.group(2));
        assertTrue(line.contains("last good checkpoint") && line.contains(out.resolve(Checkpoint.FILE_NAME).toString()), line);
        Checkpoint.Loaded ck = Checkpoint.load(out.resolve(Checkpoint.FILE_NAME));
        assertTrue(ck.state().step() >= 1 && ck.state().step() < badStep, ck.state() + " before the bad step " + badStep);
        for (float[] w : ck.weights().values()) for (float x : w) assertTrue(Float.isFinite(x));
        assertFalse(Files.exists(out.resolve("summary.json")));
    }
}
