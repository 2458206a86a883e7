// Reads a run's summary.json: one flat JSON object of strings, numbers, booleans and nulls, keys kept in file order.
package dev.alexnet.core.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader for the flat objects {@code train} writes. Values become {@link String}, {@link Double}
 * (every number), {@link Boolean} or {@code null}. Nested objects or arrays, duplicate keys and trailing text are errors.
 */
public final class SummaryJson {
    private final String s;
    private int pos;

    private SummaryJson(String s) {
        this.s = s;
    }

    /** The object's fields in file order; an IllegalArgumentException gives the offset of the first error. */
    public static Map<String, Object> parse(String text) {
        SummaryJson p = new SummaryJson(text);
        Map<String, Object> out = new LinkedHashMap<>();
        p.ws();
        p.expect('{');
        p.ws();
        if (p.peek() == '}') {
            p.pos++;
        } else {
            while (true) {
                p.ws();
                String key = p.string();
                p.ws();
                p.expect(':');
                p.ws();
                Object v = p.value();
                if (out.containsKey(key)) throw p.error("duplicate key \"" + key + "\"");
                out.put(key, v);
                p.ws();
                char c = p.next();
                if (c == '}') break;
                if (c != ',') throw p.error("expected ',' or '}'");
            }
        }
        p.ws();
        if (p.pos != text.length()) throw p.error("text after the object");
        return Collections.unmodifiableMap(out);
    }

    private Object value() {
        char c = peek();
        if (c == '"') return string();
        if (s.startsWith("true", pos)) { pos += 4; return Boolean.TRUE; }
        if (s.startsWith("false", pos)) { pos += 5; return Boolean.FALSE; }
        if (s.startsWith("null", pos)) { pos += 4; return null; }
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
        if (start == pos) throw error("expected a string, number, true, false or null");
        String num = s.substring(start, pos);
        if (!num.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) throw error("malformed number " + num);
        return Double.parseDouble(num);
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("control character in a string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (pos + 4 > s.length()) throw error("short \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void ws() {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) pos++;
    }

    private char peek() {
        if (pos >= s.length()) throw error("unexpected end");
        return s.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("summary.json: " + what + " at offset " + pos);
    }
}
