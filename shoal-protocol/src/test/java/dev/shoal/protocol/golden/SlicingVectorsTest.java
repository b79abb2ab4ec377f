package dev.shoal.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import org.junit.jupiter.api.Test;

/** {@link Slicing} and descriptor routing against golden/slicing.json. */
class SlicingVectorsTest {
    private static final JsonNode CASES = GoldenFiles.json("slicing.json");

    @Test
    void denseLayoutsMatch() {
        for (JsonNode c : CASES.get("dense")) {
            TableSpec spec = TableSpec.dense("t", GoldenFiles.i32s(c.get("shape")))
                    .maxSliceBytes(c.get("maxSliceBytes").intValue());
            long[] load = GoldenFiles.i64s(c.get("loadBefore"));
            TableDescriptor d = Slicing.layout(1, spec, Consistency.bsp(), c.get("servers").intValue(), 1024, load);
            JsonNode e = c.get("expected");
            String what = c.get("description").asText();

            assertThat(spec.size()).as(what).isEqualTo(GoldenFiles.i64(c.get("elements")));
            assertThat(d.sliceLength()).as(what).isEqualTo(e.get("sliceLength").intValue());
            assertThat(d.units()).as(what).isEqualTo(e.get("slices").size());
            for (int s = 0; s < d.units(); s++) {
                JsonNode slice = e.get("slices").get(s);
                assertThat(d.sliceStart(s)).as("%s: slice %d offset", what, s).isEqualTo(GoldenFiles.i64(slice.get("offset")));
                assertThat(d.sliceSize(s)).as("%s: slice %d length", what, s).isEqualTo(slice.get("length").intValue());
                assertThat(d.owner(s)).as("%s: slice %d server", what, s).isEqualTo(slice.get("server").intValue());
                assertThat(d.sliceOf(d.sliceStart(s) + d.sliceSize(s) - 1)).as("%s: last element's slice", what)
                        .isEqualTo(s);
            }
            assertThat(load).as(what).containsExactly(GoldenFiles.i64s(e.get("loadAfter")));
        }
    }

    @Test
    void sparseLayoutsAndKeyRoutingMatch() {
        for (JsonNode c : CASES.get("sparse")) {
            int partitions = c.get("partitions").intValue();
            long[] load = GoldenFiles.i64s(c.get("loadBefore"));
            TableDescriptor d = Slicing.layout(1, TableSpec.sparse("t", 4), Consistency.asp(),
                    c.get("servers").intValue(), partitions, load);
            JsonNode e = c.get("expected");
            String what = c.get("description").asText();

            assertThat(d.owners()).as(what).containsExactly(GoldenFiles.i32s(e.get("owners")));
            assertThat(load).as(what).containsExactly(GoldenFiles.i64s(e.get("loadAfter")));
            for (JsonNode k : e.get("keys")) {
                int p = KeyPartitioner.partitionOf(GoldenFiles.i64(k.get("key")), partitions);
                assertThat(p).as("%s: partition of key %s", what, k.get("key")).isEqualTo(k.get("partition").intValue());
                assertThat(d.owner(p)).as("%s: server of key %s", what, k.get("key"))
                        .isEqualTo(k.get("server").intValue());
            }
        }
    }
}
