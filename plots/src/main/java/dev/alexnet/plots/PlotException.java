// Unchecked failure of the plots module: malformed metrics CSV, missing column, or a PNG that could not be written.
package dev.alexnet.plots;

import java.nio.file.Path;

/**
 * Thrown when a metrics file cannot be read or a chart cannot be drawn or written.
 * Messages name the file and, for CSV problems, the 1-based line number, e.g.
 * {@code runs/a/metrics.csv:7: expected 10 fields, found 9}.
 */
public final class PlotException extends RuntimeException {

    public PlotException(String message) {
        super(message);
    }

    public PlotException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem at one line of a file: {@code file:line: problem}. */
    static PlotException at(Path file, int line, String problem) {
        return new PlotException(file + ":" + line + ": " + problem);
    }
}
