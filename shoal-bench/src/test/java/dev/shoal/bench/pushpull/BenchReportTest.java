package dev.shoal.bench.pushpull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.bench.stats.Spread;
import dev.shoal.bench.tcp.ReferenceResult;
import dev.shoal.transport.json.Json;
import dev.shoal.transport.stats.LatencyHistograms;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private final BenchSetup setup = new BenchSetup(1, 1, Workload.dense(4 << 20, 1, 2, Duration.ofSeconds(3)));
    private final BenchSummary summary = Aggregator.aggregate(List.of(Fixtures.dense(0, new long[] {500, 700},
            1_500_000)));
    private final ReferenceResult reference = new ReferenceResult(4 << 20, Spread.of(new double[] {5e9}),
            Spread.of(new double[] {2.5e9}), Spread.of(new double[] {600}), LatencyHistograms.create());

    @Test
    void tableShowsFiguresReferenceAndTargets() {
        String table = new BenchReport(setup, summary, reference).table();
        assertThat(table).contains("dense 4194304 B, 1 server x 1 worker, window 1, 2 runs x 3.0 s")
                .contains("push       2.52").contains("pull").contains("600")
                .contains("streamed 5.00 GB/s").contains("0.50x").contains("1.01x")
                .contains("C++ 2.90: 0.87x, target 4.35: 0.58x");
    }

    @Test
    void jsonCarriesTheSameFigures() throws IOException {
        JsonNode o = Json.MAPPER.readTree(new BenchReport(setup, summary, reference).json());
        JsonNode push = o.required("push");
        assertThat(push.required("gbPerS").doubleValue()).isCloseTo(600 * 4.194304e-3, within(1e-9));
        assertThat(push.required("opsPerS").doubleValue()).isEqualTo(600);
        assertThat(push.required("latencyP50Us").doubleValue()).isCloseTo(1500, within(24.0));
        assertThat(push.required("gbPerSByRun")).hasSize(2);
        assertThat(push.required("ratioToTcpStream").doubleValue()).isCloseTo(0.503, within(0.001));
        assertThat(o.required("reference").required("streamGbPerS").doubleValue()).isEqualTo(5);
        assertThat(o.required("targets")).hasSize(2);
        assertThat(o.required("mode").textValue()).isEqualTo("dense");
        assertThat(o.required("bytesPerOp").longValue()).isEqualTo(4 << 20);
    }

    @Test
    void worksWithoutReferenceOrTargets() throws IOException {
        BenchSetup other = new BenchSetup(1, 1, Workload.dense(4 << 20, 3, 2, Duration.ofSeconds(3)));
        BenchReport report = new BenchReport(other, summary, null);
        assertThat(report.table()).doesNotContain("reference", "targets");
        JsonNode o = Json.MAPPER.readTree(report.json());
        assertThat(o.has("reference")).isFalse();
        assertThat(o.required("push").has("ratioToTcpStream")).isFalse();
    }

    @Test
    void sparseTableShowsMegabytesAndKeys() {
        long keys = 1_000_000;
        OpMeasurements m = Fixtures.measurements(new long[] {50}, 4 * keys, 20_000_000);
        BenchSummary sparse = Aggregator.aggregate(List.of(new WorkerResult(0, "sparse", 4 * keys, keys, 1, m, m)));
        BenchSetup s = new BenchSetup(1, 1, Workload.sparse(keys, 1, 1, Duration.ofSeconds(1)));
        assertThat(new BenchReport(s, sparse, null).table())
                .contains("sparse 1000000 keys x 1 float, 1 server x 1 worker, window 1, 1 run x 1.0 s")
                .contains("MB/s", "Mkeys/s").contains("push        200      50.0");
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertThat(BenchReport.fmt(2.912)).isEqualTo("2.91");
        assertThat(BenchReport.fmt(57.34)).isEqualTo("57.3");
        assertThat(BenchReport.fmt(6212.4)).isEqualTo("6,212");
        assertThat(BenchReport.fmt(0.0275)).isEqualTo("0.028");
        assertThat(BenchReport.fmt(Double.NaN)).isEqualTo("-");
    }
}
