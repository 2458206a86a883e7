// The one exception type for dataset problems: unreadable, malformed, missing or undownloadable files.
package dev.alexnet.core.data;

import java.util.Objects;

/**
 * A dataset could not be found, read or downloaded. The message is one sentence that names the file (or folder)
 * and the problem, ready to show to a user; {@link #kind()} lets code and tests tell the problems apart.
 */
public final class DatasetException extends RuntimeException {
    /** What went wrong, coarsely. */
    public enum Kind {
        /** The first four bytes are not the expected IDX magic number. */
        BAD_MAGIC,
        /** Dimension count or sizes are not what the caller asked for (or are negative). */
        BAD_DIMENSIONS,
        /** Fewer bytes than the header promises. */
        TRUNCATED,
        /** More bytes than the header promises. */
        TRAILING_DATA,
        /** The gzip stream is corrupt or ends early. */
        CORRUPT_GZIP,
        /** A label outside 0..9. */
        BAD_LABEL,
        /** Images and labels files disagree on the number of examples. */
        COUNT_MISMATCH,
        /** The folder or a file in it does not exist. */
        NOT_FOUND,
        /** Every mirror failed for a file. */
        DOWNLOAD_FAILED,
        /** Any other I/O error from the operating system. */
        IO
    }

    private final Kind kind;

    public DatasetException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
    }

    public DatasetException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    public Kind kind() {
        return kind;
    }
}
