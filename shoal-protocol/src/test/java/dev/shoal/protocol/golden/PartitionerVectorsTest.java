package dev.shoal.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.protocol.table.KeyPartitioner;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link KeyPartitioner} against golden/partitioner.json: the function clients and servers must share. */
class PartitionerVectorsTest {
    private static final JsonNode VECTORS = GoldenFiles.json("partitioner.json");

    @Test
    void mix64MatchesEveryVector() {
        for (JsonNode v : VECTORS.get("vectors")) {
            long key = GoldenFiles.i64(v.get("key"));
            assertThat(String.format("%016x", KeyPartitioner.mix64(key))).as("mix64(%d)", key)
                    .isEqualTo(v.get("mix64").asText());
        }
    }

    @Test
    void partitionMatchesEveryVectorForEveryCount() {
        for (JsonNode v : VECTORS.get("vectors")) {
            long key = GoldenFiles.i64(v.get("key"));
            for (JsonNode count : VECTORS.get("partitionCounts")) {
                int n = count.intValue();
                assertThat(KeyPartitioner.partitionOf(key, n)).as("partition of %d among %d", key, n)
                        .isEqualTo(v.get("partition").get(Integer.toString(n)).intValue());
            }
        }
    }

    @Test
    void vectorsCoverTheEdgesThePythonClientWillHit() {
        Set<String> keys = new HashSet<>();
        VECTORS.get("vectors").forEach(v -> keys.add(v.get("key").asText()));
        assertThat(keys).hasSizeGreaterThanOrEqualTo(64).contains("0", "-1", Long.toString(Long.MIN_VALUE),
                Long.toString(Long.MAX_VALUE), "1", "2", "3");
        assertThat(VECTORS.get("partitionCounts").toString()).contains("1024", "1000");
    }
}
