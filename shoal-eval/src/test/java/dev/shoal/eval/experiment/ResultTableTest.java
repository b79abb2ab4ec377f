package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTableTest {
    /** A name with the two characters that broke the hand-joined CSV: a comma and a quote. */
    private static final String NAME = "ssp, \"fast\" run";

    private static RunResult result(String name) {
        RunSpec spec = new RunSpec(RunSpec.Group.CONVERGENCE, name,
                JobConfig.defaults(ModelKind.MLP).withBatch(64).withTargetAccuracy(0.8), 2, 4, RunSpec.LOOPBACK, 0, 1);
        return new RunResult(spec, 100, 50, 2.0, 0.01, List.of(new EvalPoint(100, 1, 1.0, 1.2, 0.5, 0.4, 0.75)),
                1000, 3000, new long[] {10, 30}, RequestLatencies.empty(), new long[] {3, 1}, 1, 0.5, 1, 0);
    }

    @Test
    void csvCellsWithACommaAndAQuoteReadBackWhole(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("runs.csv");
        ResultTable.writeCsv(List.of(result(NAME), result("plain")), file);
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(file);
                CSVParser parser = ResultTable.CSV.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            rows = parser.getRecords();
        }
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("name")).isEqualTo(NAME);
        assertThat(rows.get(0).get("consistency")).isEqualTo("bsp");
        assertThat(rows.get(0).get("server_bytes")).isEqualTo("10 30");
        assertThat(rows.get(0).get("time_to_target_s")).isEqualTo("NaN");
        assertThat(rows.get(1).get("name")).isEqualTo("plain");
        assertThat(Files.readString(file)).contains("\"ssp, \"\"fast\"\" run\"").doesNotContain("\r");
    }

    @Test
    void jsonRowsCarryNumbersStringsAndDistributions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("runs.json");
        ResultTable.writeJson(List.of(result(NAME)), file);
        JsonNode row = Json.MAPPER.readTree(Files.readString(file)).get(0);
        assertThat(row.required("name").textValue()).isEqualTo(NAME);
        assertThat(row.required("steps").isIntegralNumber()).isTrue();
        assertThat(row.required("steps").intValue()).isEqualTo(100);
        assertThat(row.required("final_acc").doubleValue()).isEqualTo(0.75);
        assertThat(row.required("time_to_target_s").isNull()).as("NaN is written as null").isTrue();
        assertThat(row.required("server_bytes")).hasSize(2);
        assertThat(row.required("staleness_counts").get(0).longValue()).isEqualTo(3);
    }
}
