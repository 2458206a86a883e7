// A run's test confusion matrix as CSV (confusion.csv), so that the report can be drawn again from the run folder alone.
package dev.alexnet.core.report;

import dev.alexnet.core.train.ConfusionMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Format: a header {@code actual\predicted,<name 0>,...,<name n-1>}, then one line per actual class:
 * {@code <name>,<count predicted 0>,...}. Class names must not contain commas or line breaks.
 */
public final class ConfusionCsv {
    private ConfusionCsv() {}

    /** A matrix read back with its class names. */
    public record Table(List<String> classNames, ConfusionMatrix matrix) {}

    public static String format(ConfusionMatrix cm, List<String> names) {
        int n = cm.classes();
        if (names.size() != n) throw new IllegalArgumentException(n + " classes but " + names.size() + " names");
        for (String s : names) {
            if (s.contains(",") || s.contains("\n") || s.contains("\r")) throw new IllegalArgumentException("class name with a comma or line break: " + s);
        }
        StringBuilder sb = new StringBuilder("actual\\predicted");
        for (String s : names) sb.append(',').append(s);
        sb.append('\n');
        for (int a = 0; a < n; a++) {
            sb.append(names.get(a));
            for (int p = 0; p < n; p++) sb.append(',').append(cm.count(a, p));
            sb.append('\n');
        }
        return sb.toString();
    }

    public static void write(ConfusionMatrix cm, List<String> names, Path file) throws IOException {
        Files.writeString(file, format(cm, names), StandardCharsets.UTF_8);
    }

    /** Reads a file written by {@link #write}; anything else is an IOException naming the file and line. */
    public static Table read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!l.isBlank()) lines.add(l.strip());
        if (lines.isEmpty()) throw new IOException(file + ": empty confusion matrix file");
        String[] header = lines.get(0).split(",", -1);
        int n = header.length - 1;
        if (n < 1 || lines.size() != n + 1) {
            throw new IOException(file + ": expected a header and " + Math.max(n, 0) + " rows, found " + (lines.size() - 1) + " rows");
        }
        List<String> names = List.of(header).subList(1, header.length);
        ConfusionMatrix cm = new ConfusionMatrix(n);
        for (int a = 0; a < n; a++) {
            String[] f = lines.get(a + 1).split(",", -1);
            if (f.length != n + 1) throw new IOException(file + ":" + (a + 2) + ": expected " + (n + 1) + " fields, found " + f.length);
            if (!f[0].equals(names.get(a))) throw new IOException(file + ":" + (a + 2) + ": row '" + f[0] + "' where '" + names.get(a) + "' was expected");
            for (int p = 0; p < n; p++) {
                long v;
                try {
                    v = Long.parseLong(f[p + 1].strip());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + (a + 2) + ": not a count: \"" + f[p + 1] + "\"");
                }
                if (v < 0 || v > 100_000_000) throw new IOException(file + ":" + (a + 2) + ": count out of range: " + v);
                for (long k = 0; k < v; k++) cm.add(a, p);
            }
        }
        return new Table(List.copyOf(names), cm);
    }
}
