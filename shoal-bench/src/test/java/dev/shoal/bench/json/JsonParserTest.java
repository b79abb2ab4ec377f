package dev.shoal.bench.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {

    @Test
    void parsesNestedValues() {
        Map<String, Object> o = JsonParser.object(JsonParser.parse(
                " {\"a\": 1, \"b\": [1.5, -2e3, true, null], \"c\": {\"s\": \"x\\\"y\\n\\u0041\"}, \"e\": []} "));
        assertThat(JsonParser.longOf(o, "a")).isEqualTo(1);
        assertThat(JsonParser.listOf(o, "b")).containsExactly(1.5, -2000.0, true, null);
        assertThat(JsonParser.stringOf(JsonParser.objectOf(o, "c"), "s")).isEqualTo("x\"y\nA");
        assertThat(JsonParser.longsOf(o, "e")).isEmpty();
    }

    @Test
    void readsBackWhatTheWriterWrote() {
        String json = new JsonWriter().beginObject()
                .name("name").value("tab\there")
                .name("n").value(12_345_678_901L)
                .name("x").value(0.25)
                .name("nan").value(Double.NaN)
                .name("list").array(new long[] {3, 1, 2})
                .name("empty").beginObject().endObject()
                .name("ok").value(true)
                .endObject().toString();
        Map<String, Object> o = JsonParser.object(JsonParser.parse(json));
        assertThat(JsonParser.stringOf(o, "name")).isEqualTo("tab\there");
        assertThat(JsonParser.longOf(o, "n")).isEqualTo(12_345_678_901L);
        assertThat(JsonParser.doubleOf(o, "x")).isEqualTo(0.25);
        assertThat(o.get("nan")).isNull();
        assertThat(JsonParser.longsOf(o, "list")).containsExactly(3, 1, 2);
        assertThat(JsonParser.objectOf(o, "empty")).isEmpty();
        assertThat(o.get("ok")).isEqualTo(true);
    }

    @Test
    void writerPlacesCommasBetweenElementsOnly() {
        String json = new JsonWriter().beginArray().beginArray().endArray().value(1).beginObject().name("a")
                .value(2).endObject().endArray().toString();
        assertThat(json).isEqualTo("[[],1,{\"a\":2}]");
        assertThat(JsonParser.parse(json)).isEqualTo(List.of(List.of(), 1.0, Map.of("a", 2.0)));
    }

    @Test
    void errorsNameTheOffset() {
        assertThatThrownBy(() -> JsonParser.parse("{\"a\":1")).hasMessageContaining("offset 6");
        assertThatThrownBy(() -> JsonParser.parse("[1,]")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> JsonParser.parse("{} x")).hasMessageContaining("end of input");
        assertThatThrownBy(() -> JsonParser.longOf(Map.of(), "ops")).hasMessageContaining("missing member 'ops'");
    }
}
