package dev.shoal.transport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Sample(String name, double rate, double[] runs, long count) {
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullAlsoInsideArrays() {
        String json = Json.compact(new Sample("a", Double.NaN, new double[] {1.5, Double.POSITIVE_INFINITY}, 3));
        assertThat(json).isEqualTo("{\"name\":\"a\",\"rate\":null,\"runs\":[1.5,null],\"count\":3}");
        assertThat(Json.compact(List.of(Double.NEGATIVE_INFINITY, 2.0))).isEqualTo("[null,2.0]");
    }

    @Test
    void outputIsAsciiSoItEmbedsAnywhere() {
        assertThat(Json.compact(new Sample("donn\u00e9es\u2028x\"", 1, new double[0], 0)))
                .startsWith("{\"name\":\"donn\\u00E9es\\u2028x\\\"\"");
    }

    @Test
    void whatIsWrittenReadsBack() {
        Sample s = new Sample("b", 0.25, new double[] {1, 2}, 1L << 40);
        Sample back = Json.read(Json.compact(s), Sample.class);
        assertThat(back.name()).isEqualTo("b");
        assertThat(back.rate()).isEqualTo(0.25);
        assertThat(back.runs()).containsExactly(1, 2);
        assertThat(back.count()).isEqualTo(1L << 40);
    }

    @Test
    void aNonFiniteDoubleComesBackAsNaN() {
        Sample back = Json.read(Json.compact(new Sample("d", Double.POSITIVE_INFINITY, new double[0], 0)),
                Sample.class);
        assertThat(back.rate()).isNaN();
    }

    @Test
    void aTolerantReadIgnoresMembersANewerWriterAdded() {
        Sample back = Json.readTolerant("{\"name\":\"n\",\"rate\":2.0,\"runs\":[],\"count\":1,\"extra\":[1]}",
                Sample.class);
        assertThat(back.name()).isEqualTo("n");
        assertThat(back.count()).isEqualTo(1);
    }

    @Test
    void malformedOrUnexpectedInputIsAnIllegalArgument() {
        assertThatThrownBy(() -> Json.read("{\"name\":\"b\",", Sample.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed Sample JSON");
        assertThatThrownBy(() -> Json.read("{\"name\":\"b\",\"extra\":1}", Sample.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extra");
    }

    @Test
    void prettyIsOneMemberALineEndingWithALineBreak() {
        assertThat(Json.pretty(new Sample("c", 1, new double[0], 2)))
                .isEqualTo("{\n  \"name\": \"c\",\n  \"rate\": 1.0,\n  \"runs\": [ ],\n  \"count\": 2\n}\n");
    }
}
