// The strict JSON parser: accepted documents with their values, and rejected ones with the reason.
package dev.alexnet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesValues() throws Json.JsonException {
        Object v = Json.parse(" {\"a\": [1, -2, 0, 9223372036854775807], \"b\" : {\"c\":\"x\\u00e9\\n\\\"\\/\"},"
                + "\"d\":[], \"e\":{}, \"f\": true, \"g\": null, \"h\": 1.5e2}\n ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "d", "e", "f", "g", "h"), List.copyOf(m.keySet())); // insertion order kept
        assertEquals(List.of(1L, -2L, 0L, Long.MAX_VALUE), m.get("a"));
        assertEquals(Map.of("c", "x\u00e9\n\"/"), m.get("b"));
        assertEquals(List.of(), m.get("d"));
        assertEquals(Map.of(), m.get("e"));
        assertEquals(Boolean.TRUE, m.get("f"));
        assertEquals(Json.NULL, m.get("g"));
        assertEquals(150.0, m.get("h"));
        // A surrogate pair written as two escapes.
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1}x", "{\"a\":1}{}",
        "{\"a\":1,\"a\":2}", "01", "-", "1.", "1e", "1.e5", "+1", "\"abc", "\"a\\x\"", "\"a\tb\"", "\"\\u12\"",
        "\"\\u12g4\"", "tru", "nul", "[1 2]", "99999999999999999999", "/* c */ {}", "\u00a0{}"
    })
    void rejects(String text) {
        assertThrows(Json.JsonException.class, () -> Json.parse(text), text);
    }

    @Test
    void messagesGiveTheOffset() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertEquals("duplicate key \"a\" at offset 7", e.getMessage());
        e = assertThrows(Json.JsonException.class, () -> Json.parse("[1,]"));
        assertEquals("unexpected ']' at offset 3", e.getMessage());
    }

    @Test
    void nestingIsBounded() throws Json.JsonException {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().startsWith("nesting deeper than 64"), e.getMessage());
    }

    @Test
    void writtenStringsParseBack() throws Json.JsonException {
        String nasty = "q\"b\\s/\n\r\t\u0001\u001f\u00e9\u4e2d\uD83D\uDE00";
        StringBuilder sb = new StringBuilder();
        Json.writeString(sb, nasty);
        assertEquals("\"q\\\"b\\\\s/\\n\\r\\t\\u0001\\u001f\u00e9\u4e2d\uD83D\uDE00\"", sb.toString());
        assertEquals(nasty, Json.parse(sb.toString()));
    }
}
