// Stopped runs resume exactly: SIGTERM and kill -9 on a real process, then --resume, compared byte for byte.
package dev.alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.alexnet.core.data.DataLocator;
import dev.alexnet.core.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run (2 epochs of 4 steps of 8 synthetic images, cpu backend, 1 thread) is trained once without stopping;
 * stopped and resumed runs must end with the same model.safetensors bytes and the same metrics.csv apart from the
 * two timing columns (seconds, images_per_second).
 */
class ResumeTest {
    @TempDir static Path tmp;
    static Path data, uninterrupted;

    static final List<String> RUN = List.of("--backend", "cpu", "--threads", "1", "--epochs", "2", "--batch-size", "8",
            "--train-limit", "32", "--val-size", "16", "--test-limit", "16", "--seed", "11");

    @BeforeAll
    static void trainWithoutStopping() throws IOException {
        data = SyntheticData.write(tmp.resolve("data"), 80, 16);
        uninterrupted = tmp.resolve("uninterrupted");
        CliTest.Outcome o = CliTest.run(args("train", "--out", uninterrupted.toString()));
        assertEquals(0, o.code(), o.err());
    }

    static String[] args(String... first) {
        List<String> a = new ArrayList<>(Arrays.asList(first));
        a.addAll(RUN);
        a.addAll(List.of("--data", data.toString()));
        return a.toArray(String[]::new);
    }

    @Test
    void sigtermWritesACheckpointExits143AndTheResumedRunIsIdentical() throws Exception {
        Path run = tmp.resolve("sigterm"), log = tmp.resolve("sigterm.log");
        Process p = start(log, args("train", "--out", run.toString()));
        awaitLine(p, log, "epoch 1/2: step 2/4");
        p.toHandle().destroy(); // SIGTERM on Unix
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the process should stop after the step in progress");
        String err = Files.readString(log);
        assertEquals(143, p.exitValue(), err);
        assertTrue(err.contains("stopped by SIGTERM in epoch 1 after step"), err);
        assertTrue(err.contains("alexnet train --resume " + run), err);
        assertFalse(err.contains("\tat "), err);
        Checkpoint.Loaded ck = Checkpoint.load(run.resolve(Checkpoint.FILE_NAME));
        assertEquals(0, ck.state().epoch());
        assertTrue(ck.state().step() >= 2 && ck.state().step() <= 3, "stopped right after the step in progress: " + ck.state());
        assertFalse(Files.exists(run.resolve("summary.json")), "a stopped run has no summary");

        resumeAndCompare(run);
    }

    @Test
    void sigintIsExit130WithACheckpoint() throws Exception {
        Path run = tmp.resolve("sigint"), log = tmp.resolve("sigint.log");
        Process p = start(log, args("train", "--out", run.toString()));
        awaitLine(p, log, "epoch 1/2: step 1/4");
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(log);
        assertEquals(130, p.exitValue(), err);
        assertTrue(err.contains("stopped by SIGINT"), err);
        assertTrue(Checkpoint.load(run.resolve(Checkpoint.FILE_NAME)).state().globalStep() >= 1, "a checkpoint was written");
    }

    @Test
    void killMinus9LosesAtMostTheLastIntervalAndResumesFromTheCheckpoint() throws Exception {
        Path run = tmp.resolve("kill9"), log = tmp.resolve("kill9.log");
        Process p = start(log, args("train", "--out", run.toString(), "--checkpoint-every", "2"));
        // The checkpoint of global step 2 is written before step 3 starts: kill in step 3 or 4, mid-epoch.
        awaitLine(p, log, "epoch 1/2: step 3/4");
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        Checkpoint.Loaded ck = Checkpoint.load(run.resolve(Checkpoint.FILE_NAME)); // complete and its checksum holds
        assertEquals(0, ck.state().epoch(), ck.state().toString());
        assertEquals(2, ck.state().step(), "the last checkpoint interval ended at step 2: " + ck.state());

        resumeAndCompare(run);
    }

    @Test
    void resumingAFinishedRunOnlyRepeatsTheTestEvaluation() throws Exception {
        // The final checkpoint is at epoch 2 of 2; resuming it trains nothing and writes the same weights.
        Path copy = tmp.resolve("finished");
        Files.createDirectories(copy);
        for (String f : List.of(Checkpoint.FILE_NAME, "metrics.csv")) Files.copy(uninterrupted.resolve(f), copy.resolve(f));
        CliTest.Outcome o = CliTest.run("train", "--resume", copy.toString(), "--backend", "cpu", "--threads", "1",
                "--data", data.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(uninterrupted.resolve("summary.json")).replaceAll("(?s).*(\"test_accuracy\": [^,]*).*", "$1"),
                Files.readString(copy.resolve("summary.json")).replaceAll("(?s).*(\"test_accuracy\": [^,]*).*", "$1"));
    }

    @Test
    void onTheRealDataAStoppedRunResumesToTheSameBytes() throws Exception {
        DataLocator.Result where = DataLocator.system().locate(null);
        assumeTrue(where instanceof DataLocator.Found,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): " + where.message());
        Path real = ((DataLocator.Found) where).dir();
        List<String> settings = List.of("--backend", "cpu", "--threads", "2", "--epochs", "2", "--batch-size", "32",
                "--train-limit", "256", "--val-size", "64", "--test-limit", "64", "--seed", "3", "--data", real.toString());
        Path whole = tmp.resolve("real-whole"), stopped = tmp.resolve("real-stopped"), log = tmp.resolve("real.log");
        List<String> a = new ArrayList<>(List.of("train", "--out", whole.toString()));
        a.addAll(settings);
        CliTest.Outcome o = CliTest.run(a.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        List<String> b = new ArrayList<>(List.of("train", "--out", stopped.toString()));
        b.addAll(settings);
        Process p = start(log, b.toArray(String[]::new));
        awaitLine(p, log, "epoch 2/2: step 3/8");
        p.toHandle().destroy();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), Files.readString(log));
        resumeAndCompare(stopped, whole, real, "2");
    }

    private static void resumeAndCompare(Path run) throws IOException {
        resumeAndCompare(run, uninterrupted, data, "1");
    }

    private static void resumeAndCompare(Path run, Path uninterrupted, Path data, String threads) throws IOException {
        CliTest.Outcome o = CliTest.run("train", "--resume", run.toString(), "--backend", "cpu", "--threads", threads,
                "--data", data.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("alexnet: resuming in epoch "), o.err());
        assertArrayEquals(Files.readAllBytes(uninterrupted.resolve("model.safetensors")),
                Files.readAllBytes(run.resolve("model.safetensors")), "final weights must be byte-identical");
        assertEquals(withoutTimings(uninterrupted.resolve("metrics.csv")), withoutTimings(run.resolve("metrics.csv")));
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    /** metrics.csv without columns 9 and 10 (seconds, images_per_second), which are timings. */
    static List<String> withoutTimings(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            assertEquals(14, f.length, line);
            List<String> kept = new ArrayList<>(Arrays.asList(f));
            kept.subList(8, 10).clear();
            out.add(String.join(",", kept));
        }
        assertEquals(3, out.size(), "header and two epochs: " + out);
        return out;
    }

    /** `java -cp <test classpath> dev.alexnet.cli.Main ARGS`, stdout and stderr to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                "dev.alexnet.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitLine(Process p, Path log, String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(fragment)) return;
            if (!p.isAlive()) fail("the process ended (" + p.exitValue() + ") before '" + fragment + "': " + Files.readString(log));
            Thread.sleep(50);
        }
        p.destroyForcibly();
        fail("no '" + fragment + "' within 120 s: " + Files.readString(log));
    }
}
