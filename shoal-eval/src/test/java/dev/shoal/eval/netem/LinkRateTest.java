package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkRateTest {

    @Test
    void parsesDecimalUnitsAsTcDoes() {
        assertThat(LinkRate.parse("1gbit").bitsPerSecond()).isEqualTo(1_000_000_000L);
        assertThat(LinkRate.parse("10gbit").bitsPerSecond()).isEqualTo(10_000_000_000L);
        assertThat(LinkRate.parse("100mbit").bitsPerSecond()).isEqualTo(100_000_000L);
        assertThat(LinkRate.parse("800kbit").bitsPerSecond()).isEqualTo(800_000L);
        assertThat(LinkRate.parse("1234bit").bitsPerSecond()).isEqualTo(1234L);
        assertThat(LinkRate.parse(" 2.5Gbit ").bitsPerSecond()).isEqualTo(2_500_000_000L);
    }

    @Test
    void noneIsUnshaped() {
        assertThat(LinkRate.parse("none")).isEqualTo(LinkRate.NONE);
        assertThat(LinkRate.parse("NONE").isLimited()).isFalse();
        assertThat(LinkRate.parse("1gbit").isLimited()).isTrue();
    }

    @Test
    void printsTheLargestWholeUnit() {
        assertThat(LinkRate.parse("10gbit")).hasToString("10gbit");
        assertThat(LinkRate.parse("2.5gbit")).hasToString("2500mbit");
        assertThat(LinkRate.parse("100mbit")).hasToString("100mbit");
        assertThat(LinkRate.parse("1500kbit")).hasToString("1500kbit");
        assertThat(LinkRate.parse("1234bit")).hasToString("1234bit");
        assertThat(LinkRate.NONE).hasToString("none");
        assertThat(LinkRate.parse(LinkRate.parse("2.5gbit").toString())).isEqualTo(LinkRate.parse("2.5gbit"));
    }

    @Test
    void rejectsWhatTcWouldNotMeanTheSame() {
        for (String bad : new String[] {"1gb", "1g", "fast", "", "0mbit", "-1gbit", "0.5bit", "1e9bit"}) {
            assertThatThrownBy(() -> LinkRate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("link rate");
        }
        assertThatThrownBy(() -> LinkRate.parse("99999999999gbit")).hasMessageContaining("too large");
        assertThatThrownBy(() -> new LinkRate(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
