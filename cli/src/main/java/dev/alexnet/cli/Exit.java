// Maps every failure to one line on stderr and a distinct exit code; a stack trace only with --debug.
package dev.alexnet.cli;

import dev.alexnet.core.data.DatasetException;
import dev.alexnet.core.io.SafetensorsException;
import dev.alexnet.core.spi.BackendUnavailableException;
import dev.alexnet.core.train.TrainingDivergedException;

/** Exit codes of the alexnet command and the mapping from exceptions to them. */
final class Exit {
    static final int OK = 0, INTERNAL = 1, USAGE = 2, DATA = 3, MODEL = 4, OUTPUT = 5, DIVERGED = 6, MEMORY = 7;
    /** Stopped by SIGINT / SIGTERM after writing a checkpoint: 128 + the signal number. */
    static final int INTERRUPTED = 130, TERMINATED = 143;

    private Exit() {}

    /** A user-facing failure with its own exit code. */
    static final class Failure extends RuntimeException {
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    static int report(Throwable ex, boolean debug) {
        int code = code(ex);
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (ex instanceof OutOfMemoryError) {
            msg = "out of memory (" + msg + "); try a smaller --batch-size, or give Java more heap with "
                    + "ALEXNET_JAVA_OPTS=-Xmx16g";
        } else if (code == INTERNAL) {
            msg = "internal error: " + ex + (debug ? "" : " (run with --debug for the stack trace)");
        }
        System.err.println("alexnet: " + msg);
        if (debug) ex.printStackTrace();
        return code;
    }

    static int code(Throwable ex) {
        return switch (ex) {
            case Failure f -> f.code;
            case BackendUnavailableException b -> USAGE;
            case IllegalArgumentException i -> USAGE;
            case DatasetException d when d.kind() == DatasetException.Kind.NOT_FOUND
                    || d.kind() == DatasetException.Kind.DOWNLOAD_FAILED -> USAGE;
            case DatasetException d -> DATA;
            case SafetensorsException s -> MODEL;
            case TrainingDivergedException t -> DIVERGED;
            case OutOfMemoryError o -> MEMORY;
            default -> INTERNAL;
        };
    }
}
