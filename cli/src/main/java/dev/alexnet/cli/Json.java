// A flat JSON object writer for summary.json and the bench output (strings, numbers, booleans).
package dev.alexnet.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds one JSON object, keys in insertion order; non-finite numbers are written as null. */
final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Json put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    String toPrettyString() {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            sb.append("  ").append(quote(e.getKey())).append(": ").append(value(e.getValue()));
            sb.append(++i < fields.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static String value(Object v) {
        return switch (v) {
            case null -> "null";
            case Double d -> Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1") : "null";
            case Float f -> value(f.doubleValue());
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> quote(v.toString());
        };
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        dev.alexnet.core.io.Json.writeString(sb, s);
        return sb.toString();
    }
}
