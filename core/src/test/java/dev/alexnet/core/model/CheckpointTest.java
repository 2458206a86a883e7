// Checkpoints: exact round trip, exact resume from every step of a run, damage and divergence detection.
package dev.alexnet.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.data.Dataset;
import dev.alexnet.core.io.Safetensors;
import dev.alexnet.core.io.SafetensorsException;
import dev.alexnet.core.reference.ReferenceBackend;
import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.train.EpochMetrics;
import dev.alexnet.core.train.TrainConfig;
import dev.alexnet.core.train.TrainListener;
import dev.alexnet.core.train.TrainState;
import dev.alexnet.core.train.Trainer;
import dev.alexnet.core.train.TrainingDivergedException;
import dev.alexnet.core.train.TrainingStoppedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
    /** 2 epochs of 4 steps of 4 images (16 of the 24 not held out), 8 validation and 8 test images. */
    static final TrainConfig CFG = new TrainConfig(2, 4, 0.05, "cosine", 0.9, 5e-4, 5, Init.HE, 8, 16, 8);
    static final Dataset TRAIN = dataset(32, 1), TEST = dataset(8, 2);
    static final Map<String, String> SETTINGS = Map.of("seed", "5");

    static Dataset dataset(int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 144], labels = new byte[n];
        r.nextBytes(px);
        for (int i = 0; i < n; i++) labels[i] = (byte) r.nextInt(10);
        return new Dataset(n, 12, 12, px, labels);
    }

    static Checkpoint.Loaded load(Path f) {
        return Checkpoint.load(f, name -> name.equals("tiny") ? TinyNets.tiny() : AlexNetConfig.preset(name));
    }

    /** A finished run: its final weights and metrics. */
    record Finished(Map<String, float[]> weights, List<EpochMetrics> rows, double testLoss) {}

    static Finished train(Trainer.Result r, AlexNet net) {
        return new Finished(net.weights(), r.epochs(), r.test().loss());
    }

    static Finished uninterrupted() {
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 4)) {
            net.initialize(Init.HE, 5);
            return train(new Trainer(net, CFG, new TrainListener() {}).run(TRAIN, TEST), net);
        }
    }

    /** Stops after {@code stopAfter} global steps with a checkpoint, then resumes it in a fresh model and backend. */
    static Finished stoppedAndResumed(Path dir, int stopAfter, boolean restoreMomentum) {
        Path f = dir.resolve(Checkpoint.FILE_NAME);
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 4)) {
            net.initialize(Init.HE, 5);
            int[] steps = {0};
            TrainListener l = new TrainListener() {
                @Override
                public void onStep(int e, int es, int s, int ss, double ips, double eta, double loss) {
                    steps[0]++;
                }

                @Override
                public void onCheckpoint(TrainState st) {
                    Checkpoint.save(f, net, st, SETTINGS);
                }
            };
            assertThrows(TrainingStoppedException.class,
                    () -> new Trainer(net, CFG, l).stopWhen(() -> steps[0] >= stopAfter).run(TRAIN, TEST));
        }
        Checkpoint.Loaded ck = load(f);
        assertEquals(stopAfter, ck.state().globalStep());
        try (Backend be = new ReferenceBackend(); AlexNet net = new AlexNet(TinyNets.tiny(), be, 4)) {
            if (restoreMomentum) {
                Checkpoint.restore(net, ck);
            } else {
                net.initialize(Init.HE, 99);
                net.loadWeights(ck.weights());
            }
            return train(new Trainer(net, CFG, new TrainListener() {}).run(TRAIN, TEST, ck.state()), net);
        }
    }

    static void assertSameRun(Finished a, Finished b) {
        assertEquals(a.weights().keySet(), b.weights().keySet());
        for (String k : a.weights().keySet()) assertArrayEquals(a.weights().get(k), b.weights().get(k), k + " bit for bit");
        assertEquals(a.rows().size(), b.rows().size());
        for (int i = 0; i < a.rows().size(); i++) {
            EpochMetrics x = a.rows().get(i), y = b.rows().get(i);
            // Every column but the two timings, exactly.
            assertEquals(List.of(x.epoch(), x.lr(), x.trainLoss(), x.trainAccuracy(), x.trainPrecision(), x.valLoss(),
                            x.valAccuracy(), x.valPrecision()),
                    List.of(y.epoch(), y.lr(), y.trainLoss(), y.trainAccuracy(), y.trainPrecision(), y.valLoss(),
                            y.valAccuracy(), y.valPrecision()), "epoch " + (i + 1));
        }
        assertEquals(a.testLoss(), b.testLoss());
    }

    @ParameterizedTest(name = "stopped after global step {0}")
    @ValueSource(ints = {1, 3, 4, 5, 7})
    void aStoppedAndResumedRunEqualsTheUninterruptedOne(int stopAfter, @TempDir Path dir) {
        assertSameRun(uninterrupted(), stoppedAndResumed(dir, stopAfter, true));
    }

    @Test
    void withoutTheMomentumBuffersTheResumedRunDiffers(@TempDir Path dir) {
        // The comparison above can fail: dropping the velocities (as model.safetensors alone would) changes the result.
        Finished a = uninterrupted(), b = stoppedAndResumed(dir, 3, false);
        boolean same = true;
        for (String k : a.weights().keySet()) same &= java.util.Arrays.equals(a.weights().get(k), b.weights().get(k));
        assertFalse(same, "a resume without momentum should not reproduce the run");
    }

    @Test
    void roundTripKeepsEveryBitAndTheProgress(@TempDir Path dir) {
        Path f = dir.resolve(Checkpoint.FILE_NAME);
        List<EpochMetrics> rows = List.of(new EpochMetrics(1, 0.01, 2.0 / 3, 0.1, 0.2, Math.PI, 0.3, 0.4, 1.5, 1e3, 0.25, 1.0 / 7, 0.125, 0.5));
        long[] counts = new long[100];
        counts[7] = 3;
        counts[99] = 12;
        TrainState st = new TrainState(1, 2, 6, 4.1 / 3, counts, 0.25, 3.5, 16, 9.75, rows);
        try (Backend be = new ReferenceBackend(); AlexNet a = new AlexNet(TinyNets.tiny(), be, 1);
             AlexNet b = new AlexNet(TinyNets.tiny(), be, 1)) {
            a.initialize(Init.HE, 3);
            float[] v = new float[a.parameters().get(0).velocity().size()];
            for (int i = 0; i < v.length; i++) v[i] = i * 1e-3f - 0.01f;
            be.copyIn(v, a.parameters().get(0).velocity());
            Checkpoint.save(f, a, st, Map.of("lr", "0.01", "schedule", "cosine"));
            Checkpoint.Loaded ck = load(f);
            assertEquals(st, ck.state());
            assertEquals(Map.of("lr", "0.01", "schedule", "cosine"), ck.settings());
            assertEquals(64, ck.metadata().get("sha256").length());
            Checkpoint.restore(b, ck);
            for (String k : a.weights().keySet()) {
                assertArrayEquals(a.weights().get(k), b.weights().get(k), k);
                assertArrayEquals(a.velocities().get(k), b.velocities().get(k), k + ".velocity");
            }
            // Other tools see plain tensors: <param> and <param>.velocity.
            var contents = Safetensors.read(f);
            assertNotNull(contents.get("conv1.weight"));
            assertArrayEquals(v, contents.get("conv1.weight.velocity").data());
        }
    }

    /** Writes a checkpoint of a tiny net and returns its bytes. */
    static byte[] saved(Path f) throws IOException {
        try (Backend be = new ReferenceBackend(); AlexNet a = new AlexNet(TinyNets.tiny(), be, 1)) {
            a.initialize(Init.HE, 3);
            Checkpoint.save(f, a, new TrainState(0, 1, 1, 2.5, new long[100], 0, 0, 0, 0, List.of()), SETTINGS);
        }
        return Files.readAllBytes(f);
    }

    @Test
    void aFlippedTensorByteFailsTheChecksum(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(Checkpoint.FILE_NAME);
        byte[] b = saved(f);
        b[b.length - 100] ^= 0x10; // inside the last tensor's data
        Files.write(f, b);
        var e = assertThrows(SafetensorsException.class, () -> load(f));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void anEditedProgressFieldFailsTheChecksum(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(Checkpoint.FILE_NAME);
        String s = new String(saved(f), StandardCharsets.ISO_8859_1);
        assertTrue(s.contains("\"step\":\"1\""), "the header holds the step");
        Files.write(f, s.replace("\"step\":\"1\"", "\"step\":\"2\"").getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(SafetensorsException.class, () -> load(f));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aTruncatedCheckpointIsRejected(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(Checkpoint.FILE_NAME);
        byte[] b = saved(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 4));
        assertThrows(SafetensorsException.class, () -> load(f));
    }

    @Test
    void aCheckpointOfAnotherShapeOrAModelFileIsRejectedWithTheReason(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(Checkpoint.FILE_NAME);
        saved(f);
        var e = assertThrows(SafetensorsException.class, () -> Checkpoint.load(f, name -> AlexNetConfig.fashion()));
        assertTrue(e.getMessage().contains("conv1.weight") && e.getMessage().contains("fashion"), e.getMessage());
        e = assertThrows(SafetensorsException.class, () -> Checkpoint.load(f));
        assertTrue(e.getMessage().contains("unknown preset 'tiny'"), e.getMessage());
        Path model = dir.resolve("model.safetensors");
        try (Backend be = new ReferenceBackend(); AlexNet a = new AlexNet(TinyNets.tiny(), be, 1)) {
            a.initialize(Init.HE, 3);
            ModelFile.save(a, model, Map.of());
        }
        e = assertThrows(SafetensorsException.class, () -> load(model));
        assertTrue(e.getMessage().contains("not an alexnet checkpoint"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsNeverReplaceTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(Checkpoint.FILE_NAME);
        byte[] good = saved(f);
        try (Backend be = new ReferenceBackend(); AlexNet a = new AlexNet(TinyNets.tiny(), be, 1)) {
            a.initialize(Init.HE, 3);
            Map<String, float[]> w = a.weights();
            w.get("fc1.weight")[5] = Float.NaN;
            a.loadWeights(w);
            TrainState st = new TrainState(0, 3, 3, 1, new long[100], 0, 0, 0, 0, List.of());
            var e = assertThrows(TrainingDivergedException.class, () -> Checkpoint.save(f, a, st, SETTINGS));
            assertTrue(e.getMessage().contains("fc1.weight") && e.getMessage().contains("after step 3"), e.getMessage());
        }
        assertArrayEquals(good, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), new ArrayList<>(files.toList()), "no temporary file left behind");
        }
    }
}
