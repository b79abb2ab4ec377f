package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.eval.netem.Subnets.Prefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetsTest {

    @Test
    void readsAddressesAndRoutesButNotTheDefaultRoute() {
        String addrs = """
                1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
                4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever
                """;
        String routes = """
                default via 192.0.2.1 dev eth0
                10.213.0.0/16 via 192.0.2.1 dev eth0
                local 192.0.2.2 dev eth0 table local proto kernel scope host src 192.0.2.2
                broadcast 192.0.2.255 dev eth0 table local proto kernel scope link src 192.0.2.2
                """;
        assertThat(Subnets.addresses(addrs)).containsExactly(prefix("127.0.0.1/8"), prefix("192.0.2.2/24"));
        assertThat(Subnets.routes(routes)).containsExactly(prefix("10.213.0.0/16"), prefix("192.0.2.2"),
                prefix("192.0.2.255"));
    }

    @Test
    void prefixesOverlapWhenTheShorterContainsTheOther() {
        assertThat(prefix("10.213.7.0/24").overlaps(prefix("10.213.7.1"))).isTrue();
        assertThat(prefix("10.213.7.0/24").overlaps(prefix("10.0.0.0/8"))).isTrue();
        assertThat(prefix("10.213.7.0/24").overlaps(prefix("10.213.8.0/24"))).isFalse();
        assertThat(prefix("10.213.7.0/24").overlaps(prefix("0.0.0.0/0"))).isTrue();
        assertThat(Prefix.parse("10.1.2")).isEmpty();
        assertThat(Prefix.parse("10.1.2.300/24")).isEmpty();
        assertThat(Prefix.parse("fd00::2/64")).isEmpty();
    }

    @Test
    void picksAFreeSubnetStartingFromTheSeed() {
        assertThat(Subnets.pick(List.of(), 7)).hasValue("10.213.7");
        assertThat(Subnets.pick(List.of(prefix("10.213.7.1"), prefix("10.213.8.0/23")), 7)).hasValue("10.213.10");
        assertThat(Subnets.pick(List.of(prefix("10.0.0.0/8")), 7)).hasValue("172.29.7");
        assertThat(Subnets.pick(List.of(prefix("10.213.0.0/16")), -3)).hasValue("172.29.253");
    }

    @Test
    void givesUpWhenEveryCandidateIsTaken() {
        List<Prefix> all = new ArrayList<>(List.of(prefix("10.0.0.0/8"), prefix("172.16.0.0/12"),
                prefix("192.168.0.0/16")));
        assertThat(Subnets.pick(all, 0)).isEmpty();
    }

    private static Prefix prefix(String text) {
        return Prefix.parse(text).orElseThrow();
    }
}
