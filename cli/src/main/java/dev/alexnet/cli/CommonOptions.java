// Options shared by the commands that run the network: backend, threads, data folder, --debug.
package dev.alexnet.cli;

import dev.alexnet.core.spi.Backend;
import dev.alexnet.core.spi.BackendOptions;
import dev.alexnet.core.spi.Backends;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Picocli mixin: how to compute and where the data is. */
final class CommonOptions {
    /** More worker threads than this only costs memory and start-up time. */
    static final int MAX_THREADS = 256;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "auto, cpu, reference or gpu (default: ${DEFAULT-VALUE}: the GPU when usable, else cpu).")
    String backend;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
            description = "Worker threads of the CPU backend (default: all cores).")
    int threads;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the four Fashion-MNIST IDX files (default: $FASHION_MNIST_DIR, then "
                    + "/usr/share/datasets/fashion-mnist, then the user cache).")
    Path data;

    @Option(names = "--download", description = "If the data is not found, download it from the official mirrors "
            + "into the user cache (MD5-checked) without asking.")
    boolean download;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    /** Chooses and creates the backend, saying which and why in one line on stderr. */
    Backend createBackend() {
        if (threads < 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be between 0 (all cores) and " + MAX_THREADS + ", got " + threads);
        }
        Backends.Choice choice = Backends.choose(backend);
        Backend be = choice.provider().create(new BackendOptions(threads));
        System.err.println("alexnet: " + choice.reason() + ": " + be.describe());
        return be;
    }
}
