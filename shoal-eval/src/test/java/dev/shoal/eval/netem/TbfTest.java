package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TbfTest {

    @Test
    void bucketHoldsOneMillisecondButNeverLessThanTwoGsoSegments() {
        assertThat(Tbf.forRate(LinkRate.parse("10gbit")).burstBytes()).isEqualTo(1_250_000);
        assertThat(Tbf.forRate(LinkRate.parse("1gbit")).burstBytes()).isEqualTo(128 << 10);
        assertThat(Tbf.forRate(LinkRate.parse("100mbit")).burstBytes()).isEqualTo(128 << 10);
    }

    @Test
    void argumentsAreTcsOwn() {
        assertThat(Tbf.forRate(LinkRate.parse("1gbit")).qdiscArgs("dev", "veth0")).containsExactly("qdisc", "add",
                "dev", "veth0", "root", "tbf", "rate", "1000000000bit", "burst", "131072", "latency", "20ms");
    }

    @Test
    void anUnshapedLinkHasNone() {
        assertThatThrownBy(() -> Tbf.forRate(LinkRate.NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
