package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    /** The kernel's limit on interface names (IFNAMSIZ less the terminating zero). */
    private static final int IFNAMSIZ = 15;

    @Test
    void interfaceNamesFitTheKernelLimitForTheLargestPid() {
        Names n = new Names(4_194_304, 35);
        assertThat(n.bridge().length()).isLessThanOrEqualTo(IFNAMSIZ);
        assertThat(n.hostVeth(EmulatedNetwork.MAX_NODES - 1).length()).isLessThanOrEqualTo(IFNAMSIZ);
    }

    @Test
    void everyNameGivesBackItsCreatorsPid() {
        Names n = new Names(4242, 3);
        assertThat(n.namespace(7)).isEqualTo("shoal-4242-3-7");
        assertThat(n.bridge()).isEqualTo("shb39u_3");
        assertThat(n.hostVeth(7)).isEqualTo("shv39u_3_7");
        for (String name : new String[] {n.namespace(7), n.bridge(), n.hostVeth(7)}) {
            assertThat(Names.pidOf(name)).as(name).hasValue(4242);
        }
    }

    @Test
    void otherNamesAreNotOurs() {
        for (String name : new String[] {"eth0", "docker0", "shoal", "shoal-12", "shb", "shbridge", "shv12",
                "shoal-x-0-0", "veth1234"}) {
            assertThat(Names.pidOf(name)).as(name).isEmpty();
        }
    }
}
