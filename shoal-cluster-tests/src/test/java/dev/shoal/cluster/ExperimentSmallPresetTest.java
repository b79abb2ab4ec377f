package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.experiment.ExperimentCommand;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code shoal experiment --preset small}, the whole harness as CI runs it: reference runs, scaling runs on an
 * emulated 1 Gbit/s network (every node in its own namespace), convergence and straggler runs. It asserts
 * properties, not times: every run finished, BSP reached its target, plots are PNGs, bytes are balanced over the
 * servers, and no SSP pull was served staler than its bound.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ExperimentSmallPresetTest {
    private static final Path OUT = Path.of("target", "experiment-small").toAbsolutePath();
    private static int exitCode;
    private static String output;
    private static List<Map<String, String>> rows;

    @BeforeAll
    static void runTheSmallPreset() throws IOException {
        StringWriter text = new StringWriter();
        exitCode = new CommandLine(new ExperimentCommand()).setOut(new PrintWriter(text, true))
                .setErr(new PrintWriter(text, true))
                .execute("--preset", "small", "--out", OUT.toString(), "--mlp-data",
                        TrainingRuns.fashionMnist().toString(), "--spam-data", TrainingRuns.spamAssassin().toString());
        output = text.toString();
        rows = Files.exists(OUT.resolve("runs.csv")) ? csv(OUT.resolve("runs.csv")) : List.of();
    }

    @Test
    void everyConfiguredRunFinished() {
        assertThat(exitCode).as("shoal experiment's output:%n%s", output).isZero();
        // 2 references, 1 network x 2 server counts x 2 worker counts, 2 models x 3 modes, 1 model x 3 modes
        assertThat(rows).hasSize(2 + 4 + 6 + 3);
        assertThat(rows).allSatisfy(r -> assertThat(Integer.parseInt(r.get("steps"))).isPositive());
    }

    @Test
    void bspRunsReachTheirTarget() {
        List<Map<String, String>> bsp = rows.stream().filter(r -> r.get("consistency").equals("bsp")
                && !r.get("group").equals("scalability")).toList();
        assertThat(bsp).hasSizeGreaterThanOrEqualTo(5);
        assertThat(bsp).allSatisfy(r -> assertThat(Double.parseDouble(r.get("time_to_target_s")))
                .as("%s reached %s", r.get("name"), r.get("target_acc")).isFinite());
    }

    @Test
    void thePlotsArePngImages() throws IOException {
        for (String name : List.of("scalability-1gbit.png", "bytes-per-server.png", "latency-scalability.png",
                "convergence-mlp-time.png", "convergence-mlp-steps.png", "convergence-sparse-lr-time.png",
                "stragglers-mlp-time.png", "staleness-mlp.png", "latency-convergence-mlp.png")) {
            BufferedImage image = ImageIO.read(OUT.resolve(name).toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).as(name).isGreaterThan(400);
        }
        assertThat(Files.readString(OUT.resolve("report.md"))).contains("## Scalability at 1gbit")
                .contains("## Convergence").contains("## Stragglers").contains("![scalability-1gbit.png]");
    }

    @Test
    void theDenseModelsBytesAreSpreadEvenlyOverTheServers() {
        List<Map<String, String>> balanced = rows.stream().filter(r -> r.get("model").equals("mlp")
                && Integer.parseInt(r.get("servers")) > 1).toList();
        assertThat(balanced).isNotEmpty();
        assertThat(balanced).allSatisfy(r -> assertThat(Double.parseDouble(r.get("server_imbalance")))
                .as("%s: bytes per server %s", r.get("name"), r.get("server_bytes")).isLessThanOrEqualTo(0.10));
    }

    @Test
    void noSspPullIsServedStalerThanTheBound() {
        List<Map<String, String>> ssp = rows.stream().filter(r -> r.get("consistency").startsWith("ssp")).toList();
        assertThat(ssp).isNotEmpty();
        for (Map<String, String> r : ssp) {
            int bound = Integer.parseInt(r.get("consistency").substring(r.get("consistency").indexOf(':') + 1));
            assertThat(Integer.parseInt(r.get("staleness_max"))).as(r.get("name")).isBetween(0, bound);
        }
    }

    /** The rows of runs.csv by column name, read as RFC 4180 (as ResultTable writes it). */
    private static List<Map<String, String>> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return parser.stream().map(CSVRecord::toMap).toList();
        }
    }
}
