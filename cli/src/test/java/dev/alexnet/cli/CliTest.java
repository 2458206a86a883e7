// The command-line contract: help on every command, one-line errors with their exit codes, nothing overwritten.
package dev.alexnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    /** What a run printed and returned. */
    record Outcome(int code, String out, String err) {}

    static synchronized Outcome run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** One line of error (besides the "Try ... --help" hint), no stack trace. */
    static void assertOneLineError(Outcome o, int code, String... fragments) {
        assertEquals(code, o.code(), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertFalse(o.err().contains("Exception"), "no exception class names: " + o.err());
        String[] lines = o.err().lines().filter(l -> l.startsWith("alexnet: ") && !l.contains("Using ")
                && !l.contains("as requested") && !l.contains("auto chose")).toArray(String[]::new);
        assertEquals(1, lines.length, "exactly one error line: " + o.err());
        for (String f : fragments) assertTrue(lines[0].contains(f), "'" + f + "' in: " + lines[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict", "summary", "bench"})
    void everyCommandHasHelp(String command) {
        Outcome o = run(command, "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("Usage: alexnet " + command), o.out());
        assertTrue(o.out().contains("--help"), o.out());
    }

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        for (String c : new String[]{"train", "evaluate", "summary", "bench", "Exit codes"}) assertTrue(o.out().contains(c), c);
    }

    @Test
    void summaryPrintsTheLayerTable() {
        Outcome o = run("summary", "--preset", "paper");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("conv2") && o.out().contains("groups 2") && o.out().contains("56,909,194"), o.out());
    }

    @Test
    void badArgumentsGetOneLineAndExitCode2() {
        assertOneLineError(run("train", "--epochs", "x"), 2, "--epochs", "'x'");
        assertOneLineError(run("train", "--no-such-flag"), 2, "--no-such-flag");
        assertOneLineError(run("train", "--preset", "vgg"), 2, "vgg", "fashion");
        assertOneLineError(run("train", "--epochs", "0"), 2, "--epochs");
        assertOneLineError(run("train", "--lr", "-1"), 2, "learning rate");
        assertOneLineError(run("summary", "--preset", "resnet"), 2, "resnet");
        assertOneLineError(run("bench", "--steps", "0"), 2, "--steps");
        assertOneLineError(run("train", "--backend", "tpu", "--data", "/nonexistent"), 2, "/nonexistent");
    }

    @Test
    void missingDataIsExplainedWithExitCode2(@TempDir Path dir) {
        Outcome o = run("train", "--data", dir.toString(), "--epochs", "1");
        assertOneLineError(o, 2, dir.toString());
    }

    @Test
    void missingOrBrokenModelFile(@TempDir Path dir) throws Exception {
        assertOneLineError(run("evaluate", "--model", dir.resolve("none.safetensors").toString()), 2, "none.safetensors");
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[]{1, 2, 3});
        assertOneLineError(run("evaluate", "--model", junk.toString()), 4, "junk.safetensors");
    }

    @Test
    void aFolderThatHoldsFilesIsNeverReused(@TempDir Path dir) throws Exception {
        Path keep = dir.resolve("metrics.csv");
        Files.writeString(keep, "precious");
        Outcome o = run("train", "--out", dir.toString(), "--backend", "reference", "--epochs", "1");
        assertOneLineError(o, 5, dir.toString(), "already holds files");
        assertEquals("precious", Files.readString(keep));
    }
}
