package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.eval.netem.HostCheck.Identity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostCheckTest {
    private static final long NEEDED = 1L << HostCheck.CAP_NET_ADMIN | 1L << HostCheck.CAP_SYS_ADMIN;

    @Test
    void rootWithTheCapabilitiesAndToolsMayBuild() {
        assertThat(HostCheck.refusal(Optional.of(new Identity(0, NEEDED)), true)).isEmpty();
    }

    @Test
    void aUserIsToldToRunAsRoot() {
        assertThat(HostCheck.refusal(Optional.of(new Identity(1000, 0)), true)).get().asString()
                .contains("must run as root", "uid 1000", "sudo");
    }

    @Test
    void rootWithoutCapabilitiesIsToldWhichToAdd() {
        assertThat(HostCheck.refusal(Optional.of(new Identity(0, 1L << HostCheck.CAP_NET_ADMIN)), true)).get()
                .asString().contains("lacks CAP_SYS_ADMIN", "--cap-add");
    }

    @Test
    void missingToolsNameThePackage() {
        assertThat(HostCheck.refusal(Optional.of(new Identity(0, NEEDED)), false)).get().asString()
                .contains("ip and tc", "apt-get install -y iproute2");
    }

    @Test
    void noProcFileSystemMeansNotLinux() {
        assertThat(HostCheck.refusal(Optional.empty(), true)).get().asString().contains("needs Linux");
    }

    @Test
    void readsThisProcess() {
        Identity me = HostCheck.Identity.current().orElseThrow();
        assertThat(me.uid()).isNotNegative();
    }
}
