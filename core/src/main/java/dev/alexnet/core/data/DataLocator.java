// Decides which folder holds Fashion-MNIST: --data, then $FASHION_MNIST_DIR, then the system package, then the user cache.
package dev.alexnet.core.data;

import dev.alexnet.core.data.DatasetException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the dataset folder. Order: an explicit folder (from {@code --data}; if it is given and unusable that is an
 * error, with no fallback), then the {@value #ENV_VAR} environment variable, then {@value #SYSTEM_DIR} (the Debian
 * package {@code dataset-fashion-mnist}), then the user cache ({@code $XDG_CACHE_HOME/alexnet/fashion-mnist} or
 * {@code ~/.cache/alexnet/fashion-mnist}), which is also where {@link Downloader} puts the files.
 *
 * <p>A folder counts when it holds all four standard files (raw or {@code .gz}); their contents are checked later,
 * by {@link FashionMnist#load}. The environment and home folder are injected so tests need not touch the real ones.
 */
public final class DataLocator {
    public static final String ENV_VAR = "FASHION_MNIST_DIR";
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";

    private final Map<String, String> env;
    private final Path home;
    private final Path systemDir;

    /** Where a folder came from. */
    public enum Source { EXPLICIT, ENVIRONMENT, SYSTEM, CACHE }

    /** One place looked at and why it was passed over. */
    public record Tried(Source source, Path dir, String problem) {
        @Override
        public String toString() {
            return (dir == null ? "$" + ENV_VAR : dir + " (" + describe(source) + ")") + ": " + problem;
        }
    }

    /** Outcome of {@link #locate}: {@link Found} or {@link NotFound}. */
    public sealed interface Result permits Found, NotFound {
        /** One or more sentences for the user. */
        String message();
    }

    /** The folder to use, where it came from, and a sentence saying why. */
    public record Found(Path dir, Source source, String reason) implements Result {
        @Override
        public String message() {
            return reason;
        }
    }

    /** No usable folder; lists every place tried, in order, and says how to get the data. */
    public record NotFound(List<Tried> tried, Path cacheDir) implements Result {
        public NotFound {
            tried = List.copyOf(tried);
        }

        @Override
        public String message() {
            StringBuilder sb = new StringBuilder("Fashion-MNIST not found; tried:");
            for (Tried t : tried) {
                sb.append("\n  ").append(t);
            }
            sb.append("\nInstall it with `apt-get install dataset-fashion-mnist`, download it into ").append(cacheDir)
                    .append(", or point --data or $").append(ENV_VAR).append(" at a folder holding ")
                    .append(String.join(", ", FashionMnist.FILE_NAMES)).append(" (each raw or .gz).");
            return sb.toString();
        }
    }

    public DataLocator(Map<String, String> env, Path home, Path systemDir) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.home = Objects.requireNonNull(home, "home");
        this.systemDir = Objects.requireNonNull(systemDir, "systemDir");
    }

    /** The locator for this process: real environment, {@code user.home}, {@value #SYSTEM_DIR}. */
    public static DataLocator system() {
        return new DataLocator(System.getenv(), Path.of(System.getProperty("user.home")), Path.of(SYSTEM_DIR));
    }

    /** The per-user cache folder, {@code $XDG_CACHE_HOME/alexnet/fashion-mnist} or {@code ~/.cache/alexnet/fashion-mnist}. */
    public Path cacheDir() {
        String xdg = env.get("XDG_CACHE_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("alexnet").resolve("fashion-mnist");
    }

    /**
     * Finds the folder to use.
     *
     * @param explicit the folder from {@code --data}, or null when none was given
     * @throws DatasetException (NOT_FOUND) when {@code explicit} is given but is not a dataset folder
     */
    public Result locate(Path explicit) {
        if (explicit != null) {
            String problem = problem(explicit);
            if (problem != null) {
                throw new DatasetException(Kind.NOT_FOUND, "--data " + explicit + ": " + problem);
            }
            return new Found(explicit, Source.EXPLICIT, "Using " + explicit + ", given with --data.");
        }
        List<Tried> tried = new ArrayList<>();
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path dir = toPath(fromEnv);
            if (dir == null) {
                tried.add(new Tried(Source.ENVIRONMENT, null, "'" + fromEnv + "' is not a valid path"));
            } else {
                Found f = consider(Source.ENVIRONMENT, dir, tried);
                if (f != null) {
                    return f;
                }
            }
        } else {
            tried.add(new Tried(Source.ENVIRONMENT, null, "not set"));
        }
        Found f = consider(Source.SYSTEM, systemDir, tried);
        if (f != null) {
            return f;
        }
        f = consider(Source.CACHE, cacheDir(), tried);
        if (f != null) {
            return f;
        }
        return new NotFound(tried, cacheDir());
    }

    private static Path toPath(String s) {
        try {
            return Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private Found consider(Source source, Path dir, List<Tried> tried) {
        String problem = problem(dir);
        if (problem != null) {
            tried.add(new Tried(source, dir, problem));
            return null;
        }
        StringBuilder reason = new StringBuilder("Using ").append(dir).append(", ").append(describe(source)).append('.');
        if (!tried.isEmpty()) {
            reason.append(" Passed over: ");
            for (int i = 0; i < tried.size(); i++) {
                reason.append(i == 0 ? "" : "; ").append(tried.get(i));
            }
            reason.append('.');
        }
        return new Found(dir, source, reason.toString());
    }

    /** Null when {@code dir} holds all four files, else what is wrong with it. */
    private static String problem(Path dir) {
        if (!Files.exists(dir)) {
            return "does not exist";
        }
        if (!Files.isDirectory(dir)) {
            return "is not a folder";
        }
        List<String> missing = FashionMnist.missingFiles(dir);
        return missing.isEmpty() ? null : "missing " + String.join(", ", missing) + " (raw or .gz)";
    }

    private static String describe(Source source) {
        return switch (source) {
            case EXPLICIT -> "given with --data";
            case ENVIRONMENT -> "from $" + ENV_VAR;
            case SYSTEM -> "the system copy (Debian package dataset-fashion-mnist)";
            case CACHE -> "the user cache";
        };
    }
}
