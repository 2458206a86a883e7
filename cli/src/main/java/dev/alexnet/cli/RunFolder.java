// The run folder: created fresh (never reusing a folder that holds files) and written file by file as training goes.
package dev.alexnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a training run writes metrics.csv, summary.json, the PNGs and model.safetensors. */
final class RunFolder {
    private RunFolder() {}

    /**
     * {@code out} when given (it must be absent or an empty folder, so nothing is overwritten), else a new
     * folder {@code runs/<date>-<time>-<preset>-<backend>}. Checks that it can be written to.
     */
    static Path create(Path out, String preset, String backend) {
        Path dir = out;
        if (dir == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            dir = Path.of("runs", stamp + "-" + preset + "-" + backend);
            for (int i = 2; Files.exists(dir); i++) dir = Path.of("runs", stamp + "-" + preset + "-" + backend + "-" + i);
        }
        checkUsable(dir);
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new Exit.Failure(Exit.OUTPUT, "cannot write to the output folder " + dir + ": " + describe(e));
        }
        return dir;
    }

    /** Fails unless {@code dir} is absent or an empty folder; called before any long work starts. */
    static void checkUsable(Path dir) {
        if (dir == null) return;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Exit.Failure(Exit.OUTPUT, "--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new Exit.Failure(Exit.OUTPUT, "--out " + dir + " already holds files; choose a new or empty "
                            + "folder (nothing was overwritten)");
                }
            } catch (IOException e) {
                throw new Exit.Failure(Exit.OUTPUT, "--out " + dir + " cannot be read: " + describe(e));
            }
        }
    }

    /** Writes text to dir/name through a temporary file, forced to disk, and a rename: never half a file. */
    static void writeAtomically(Path dir, String name, String text) {
        try {
            dev.alexnet.core.io.AtomicFile.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new Exit.Failure(Exit.OUTPUT, "cannot write " + dir.resolve(name) + ": " + describe(e));
        }
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : m == null ? e.getClass().getSimpleName() : m;
    }
}
