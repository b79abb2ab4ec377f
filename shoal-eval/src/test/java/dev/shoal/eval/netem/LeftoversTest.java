package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeftoversTest {

    @Test
    void readsNamespaceNamesWithOrWithoutIds() {
        assertThat(Leftovers.namespaces("shoal-12-0-1 (id: 3)\nshoal-12-0-0\n\n")).containsExactly("shoal-12-0-1",
                "shoal-12-0-0");
    }

    @Test
    void readsLinkNamesWithoutTheirPeer() {
        String out = """
                7: shv39u_0_1@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc tbf master shb39u_0 state UP
                5: shb39u_0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT
                """;
        assertThat(Leftovers.links(out)).containsExactly("shv39u_0_1", "shb39u_0");
    }
}
