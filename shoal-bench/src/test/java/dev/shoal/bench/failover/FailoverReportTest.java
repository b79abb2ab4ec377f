package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverReportTest {
    private final FailoverSetup setup = new FailoverSetup(3, 3, 3 << 20, Duration.ofSeconds(6), 1);
    private final FailoverReport report = new FailoverReport(setup, List.of(
            FailoverDistributionTest.measured(1, 120, 6_000), FailoverDistributionTest.measured(2, 1_300, 6_000),
            FailoverDistributionTest.notMeasured(3)));

    @Test
    void tableShowsEachTrialTheDistributionAndTheGoal() {
        String table = report.table();
        assertThat(table).contains("3 servers, dense 3145728 B, 3 kills, probe 6.0 s per trial, ASP, seed 1")
                .contains("server-0 (id 0)     20.0          120       123")
                .contains("1,300")
                .contains("the probe's first push under the new layout came 10.0 ms before the kill")
                .contains("2 of 3 kills measured")
                .contains("min 120 ms, median 710 ms, p90 1,182 ms, max 1,300 ms, mean 710 ms")
                .contains("normal push round trip 6.00 ms").contains("the probe's longest in 2 of 2 measured")
                .contains("met by 1 of 3 kills");
    }

    @Test
    void jsonCarriesTheDistributionAndEveryTrial() throws IOException {
        JsonNode o = Json.MAPPER.readTree(report.json());
        assertThat(o.required("servers").intValue()).isEqualTo(3);
        assertThat(o.required("failover").required("medianMs").doubleValue()).isEqualTo(710);
        assertThat(o.required("killsUnderGoal").intValue()).isEqualTo(1);
        JsonNode trials = o.required("trials");
        assertThat(trials).hasSize(3);
        assertThat(trials.get(0).required("failoverMs").doubleValue()).isEqualTo(120);
        assertThat(trials.get(0).required("goneMicros").longValue()).isEqualTo(1_020_000);
        assertThat(trials.get(0).has("notMeasured")).isFalse();
        assertThat(trials.get(0).required("probe").required("pushes").intValue()).isEqualTo(500);
        assertThat(trials.get(0).required("gapAtKill").required("endMicros").longValue()).isEqualTo(1_120_000);
        assertThat(trials.get(0).required("longestGap").booleanValue()).isTrue();
        assertThat(trials.get(2).required("failoverMs").isNull()).isTrue();
        assertThat(trials.get(2).required("notMeasured").textValue()).contains("before the kill");
        assertThat(trials.get(2).has("gapAtKill")).isFalse();
    }
}
