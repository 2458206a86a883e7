// Reads a run folder's metrics.csv (one row per epoch) into column name -> double[] by epoch; strict about malformed input.
package dev.alexnet.plots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch metrics written by the trainer, read by column name so that extra (later) columns are tolerated.
 *
 * <p>Format: a header line of comma-separated, unique column names that includes {@code epoch}, then one line per
 * epoch with exactly as many numeric fields. Blank lines are skipped, fields are trimmed, CRLF and a UTF-8 BOM are
 * accepted, and {@code NaN} parses (plots leave such points out). Anything else (a short or long row, an empty or
 * non-numeric field, a missing or duplicate header name) is a {@link PlotException} naming the file and line.
 *
 * @param source  the file that was read
 * @param columns column names in header order
 * @param values  column name -> one value per epoch row (all arrays have length {@link #epochs()})
 */
public record MetricsCsv(Path source, List<String> columns, Map<String, double[]> values) {

    /** The column every metrics file must have; the x axis of every curve. */
    public static final String EPOCH = "epoch";

    public MetricsCsv {
        columns = List.copyOf(columns);
        LinkedHashMap<String, double[]> copy = new LinkedHashMap<>();
        int rows = -1;
        for (String name : columns) {
            double[] v = values.get(name);
            if (v == null) throw new IllegalArgumentException("no values for column '" + name + "'");
            if (rows >= 0 && v.length != rows) throw new IllegalArgumentException("columns differ in length");
            rows = v.length;
            copy.put(name, v.clone());
        }
        if (copy.size() != values.size()) throw new IllegalArgumentException("values has columns not in the header");
        values = Collections.unmodifiableMap(copy);
    }

    /** Reads and validates {@code file}; every problem is a {@link PlotException} naming the file and line. */
    public static MetricsCsv read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlotException(file + ": cannot read metrics file: " + e, e);
        }
        // Header: the first non-blank line.
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) i++;
        if (i == lines.size()) throw PlotException.at(file, 1, "empty file, expected a header line with '" + EPOCH + "'");
        String headerLine = lines.get(i);
        if (headerLine.startsWith("\uFEFF")) headerLine = headerLine.substring(1);
        String[] header = split(headerLine);
        List<String> names = new ArrayList<>(header.length);
        for (int c = 0; c < header.length; c++) {
            String name = header[c];
            if (name.isEmpty()) throw PlotException.at(file, i + 1, "empty column name at position " + (c + 1));
            if (names.contains(name)) throw PlotException.at(file, i + 1, "duplicate column '" + name + "'");
            names.add(name);
        }
        if (!names.contains(EPOCH)) {
            throw PlotException.at(file, i + 1, "header has no '" + EPOCH + "' column: " + headerLine.strip());
        }
        // Rows: (epochs, columns), parsed row by row, stored column-major.
        List<double[]> rows = new ArrayList<>();
        for (int l = i + 1; l < lines.size(); l++) {
            String line = lines.get(l);
            if (line.isBlank()) continue;
            String[] fields = split(line);
            if (fields.length != names.size()) {
                throw PlotException.at(file, l + 1, "expected " + names.size() + " fields, found " + fields.length);
            }
            double[] row = new double[fields.length];
            for (int c = 0; c < fields.length; c++) {
                row[c] = parse(file, l + 1, names.get(c), fields[c]);
            }
            rows.add(row);
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            double[] column = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) column[r] = rows.get(r)[c];
            values.put(names.get(c), column);
        }
        return new MetricsCsv(file, names, values);
    }

    /** Number of epoch rows. */
    public int epochs() {
        return values.get(EPOCH).length;
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    /** A copy of one column's values by epoch row; a missing column is a {@link PlotException} naming the file. */
    public double[] column(String column) {
        double[] v = values.get(column);
        if (v == null) throw new PlotException(source + ": no column '" + column + "' (columns: " + String.join(",", columns) + ")");
        return v.clone();
    }

    @Override
    public Map<String, double[]> values() {
        LinkedHashMap<String, double[]> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    @Override
    public String toString() {
        return "MetricsCsv[" + source + ", " + epochs() + " epochs, columns=" + columns + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MetricsCsv m) || !source.equals(m.source) || !columns.equals(m.columns)) return false;
        for (String c : columns) if (!Arrays.equals(values.get(c), m.values.get(c))) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int h = source.hashCode() * 31 + columns.hashCode();
        for (String c : columns) h = h * 31 + Arrays.hashCode(values.get(c));
        return h;
    }

    // Split on commas keeping trailing empty fields (a trailing comma is an extra, empty field, hence an error).
    private static String[] split(String line) {
        String[] fields = line.split(",", -1);
        for (int k = 0; k < fields.length; k++) fields[k] = fields[k].strip();
        return fields;
    }

    private static double parse(Path file, int line, String column, String field) {
        if (field.isEmpty()) throw PlotException.at(file, line, "empty value in column '" + column + "'");
        try {
            return Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw PlotException.at(file, line, "column '" + column + "': not a number: \"" + field + "\"");
        }
    }
}
