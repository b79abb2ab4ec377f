package dev.shoal.protocol.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlicingTest {
    private static final int MIB = 1 << 20;
    private static final long SPREAD = Slicing.MIN_SPREAD_BYTES;

    @Test
    void sliceCountRules() {
        // small tables are one slice, whatever the number of servers
        assertThat(Slicing.sliceCount(1, 4 * MIB, 8)).isEqualTo(1);
        assertThat(Slicing.sliceCount(SPREAD / 4 - 1, 4 * MIB, 8)).isEqualTo(1);
        // at least 64 KiB per server: one slice per server
        assertThat(Slicing.sliceCount(8 * SPREAD / 4, 4 * MIB, 8)).isEqualTo(8);
        assertThat(Slicing.sliceCount(100 * SPREAD / 4, 4 * MIB, 8)).isEqualTo(8);
        // in between, slices of at least 64 KiB
        assertThat(Slicing.sliceCount(3 * SPREAD / 4, 4 * MIB, 8)).isEqualTo(3);
        assertThat(Slicing.sliceCount(3 * SPREAD / 4 + 100, 4 * MIB, 8)).isEqualTo(3);
        // the slice limit wins when it asks for more
        assertThat(Slicing.sliceCount(MIB, MIB, 2)).isEqualTo(4);           // 4 MiB table, 1 MiB slices
        assertThat(Slicing.sliceCount(MIB + 1, MIB, 2)).isEqualTo(5);
        assertThat(Slicing.sliceCount(MIB, MIB, 1)).isEqualTo(4);
        // never more slices than elements
        assertThat(Slicing.sliceCount(10, 4, 8)).isEqualTo(10);
        assertThat(Slicing.sliceCount(3, 4, 1)).isEqualTo(3);
        assertThat(Slicing.sliceCount(5, 4 * MIB, 8)).isEqualTo(1);
        // one server: only the size limit matters
        assertThat(Slicing.sliceCount(100 * SPREAD / 4, 4 * MIB, 1)).isEqualTo(2);
    }

    @Test
    void sliceCountRulesHoldForRandomSizes() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long elements = 1 + (long) Math.floor(Math.exp(rnd.nextDouble() * Math.log(2e9)));
            int maxSlice = 4 * (1 + (int) Math.floor(Math.exp(rnd.nextDouble() * Math.log(4e6))));
            int servers = 1 + rnd.nextInt(8);
            long bytes = elements * 4;
            if (bytes / maxSlice > 10_000_000) {
                continue;
            }
            int n = Slicing.sliceCount(elements, maxSlice, servers);
            String what = elements + " floats, max slice " + maxSlice + ", " + servers + " servers";
            assertThat(n).as(what).isBetween(1, (int) Math.min(Integer.MAX_VALUE, elements));
            assertThat((long) n * maxSlice).as("size limit: " + what).isGreaterThanOrEqualTo(bytes);
            if (bytes >= servers * SPREAD) {
                assertThat(n).as("spread: " + what).isGreaterThanOrEqualTo(servers);
            }
            if (bytes <= maxSlice && bytes < 2 * SPREAD) {
                assertThat(n).as("no needless split: " + what).isEqualTo(1);
            }
        }
    }

    @Test
    void tooManySlicesIsRefused() {
        assertThatThrownBy(() -> Slicing.sliceCount(Integer.MAX_VALUE * 64L, 4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too many slices");
    }

    /** Checks one dense layout and returns the largest slice in bytes. */
    private static long checkDense(TableDescriptor d, int servers) {
        TableSpec spec = d.spec();
        long size = spec.size();
        int sliceLength = d.sliceLength();
        assertThat(sliceLength).isPositive();
        assertThat((long) sliceLength * 4).as("slice within the limit for %s", d).isLessThanOrEqualTo(spec.maxSliceBytes());
        // slices cover [0, size) exactly once, in order, no gaps, no overlaps, no empty slices
        // (plain checks in the loop: there can be many thousands of slices)
        long next = 0;
        for (int s = 0; s < d.units(); s++) {
            int n = d.sliceSize(s);
            boolean ok = d.sliceStart(s) == next && n >= 1 && n <= sliceLength
                    && (s == d.units() - 1 || n == sliceLength) && d.owner(s) >= 0 && d.owner(s) < servers;
            if (!ok) {
                fail("slice " + s + " of " + d + ": start " + d.sliceStart(s) + " (expected " + next + "), size " + n
                        + ", slice length " + sliceLength + ", owner " + d.owner(s) + " of " + servers);
            }
            next += n;
        }
        assertThat(next).as("covered elements of %s", d).isEqualTo(size);
        return (long) sliceLength * 4;
    }

    private static long[] bytesPerServer(TableDescriptor d, int servers) {
        long[] per = new long[servers];
        for (int s = 0; s < d.units(); s++) {
            per[d.owner(s)] += d.sliceSize(s) * 4L;
        }
        return per;
    }

    private static long spread(long[] load) {
        return Arrays.stream(load).max().getAsLong() - Arrays.stream(load).min().getAsLong();
    }

    @Test
    void denseLayoutsCoverTheTableExactlyOnceAndBalanceServers() {
        Random rnd = new Random(2024);
        for (int i = 0; i < 1500; i++) {
            int servers = 1 + rnd.nextInt(8);
            long elements = 1 + (long) Math.floor(Math.exp(rnd.nextDouble() * Math.log(5e7)));
            int maxSlice = 4 * (1 + (int) Math.floor(Math.exp(rnd.nextDouble() * Math.log(2e6))));
            if (elements * 4 / maxSlice > 20_000) {
                maxSlice = (int) Math.min(1 << 30, 4 * (elements / 10_000 + 1));
            }
            TableSpec spec = shaped("t" + i, elements, rnd).maxSliceBytes(maxSlice);
            long[] load = new long[servers];
            TableDescriptor d = Slicing.layout(i, spec, Consistency.bsp(), servers, 64, load);
            long slice = checkDense(d, servers);
            assertThat(load).as("load reported for %s", d).containsExactly(bytesPerServer(d, servers));
            assertThat(Arrays.stream(load).sum()).isEqualTo(elements * 4);
            assertThat(spread(load)).as("per-server bytes of %s on %d servers: %s", d, servers, Arrays.toString(load))
                    .isLessThanOrEqualTo(slice);
            if (elements * 4 >= servers * SPREAD) {
                assertThat(Arrays.stream(load).filter(b -> b == 0).count()).as("idle servers for %s", d).isZero();
            }
        }
    }

    /** A dense spec of exactly {@code elements} floats, 1-D or 2-D. */
    private static TableSpec shaped(String name, long elements, Random rnd) {
        if (elements < Integer.MAX_VALUE && (rnd.nextBoolean() || elements % 2 != 0)) {
            return TableSpec.dense(name, (int) elements);
        }
        return TableSpec.dense(name, 2, (int) (elements / 2));
    }

    @Test
    void tablesLaidOutOneAfterAnotherKeepServersBalancedWithASharedLoad() {
        Random rnd = new Random(99);
        for (int job = 0; job < 200; job++) {
            int servers = 1 + rnd.nextInt(8);
            long[] load = new long[servers];
            long[] expected = new long[servers];
            long largestSlice = 1;
            int tables = 1 + rnd.nextInt(12);
            for (int t = 0; t < tables; t++) {
                if (rnd.nextInt(4) == 0) {
                    TableDescriptor d = Slicing.layout(t, TableSpec.sparse("s" + t, 8), Consistency.asp(), servers,
                            32, load);
                    expected[d.owner(0)] += 1;
                    continue;
                }
                long elements = 1 + (long) Math.floor(Math.exp(rnd.nextDouble() * Math.log(2e7)));
                int maxSlice = 4 * (1 << rnd.nextInt(21));
                if (elements * 4 / maxSlice > 20_000) {
                    maxSlice = 4 * MIB;
                }
                TableDescriptor d = Slicing.layout(t, TableSpec.dense("d" + t, (int) elements).maxSliceBytes(maxSlice),
                        Consistency.bsp(), servers, 32, load);
                largestSlice = Math.max(largestSlice, checkDense(d, servers));
                long[] per = bytesPerServer(d, servers);
                for (int s = 0; s < servers; s++) {
                    expected[s] += per[s];
                }
                assertThat(load).containsExactly(expected);
                assertThat(spread(load)).as("after table %d on %d servers: %s", t, servers, Arrays.toString(load))
                        .isLessThanOrEqualTo(largestSlice);
            }
        }
    }

    @Test
    void sparsePartitionsAreRoundRobinStartingAfterThePreviousSparseTable() {
        for (int servers = 1; servers <= 8; servers++) {
            long[] load = new long[servers];
            for (int t = 0; t < 2 * servers + 1; t++) {
                TableDescriptor d = Slicing.layout(t, TableSpec.sparse("e" + t, 16), Consistency.bsp(), servers, 50,
                        load);
                assertThat(d.units()).isEqualTo(50);
                assertThat(d.sliceLength()).isZero();
                int start = t % servers;
                for (int p = 0; p < 50; p++) {
                    assertThat(d.owner(p)).as("table %d partition %d on %d servers", t, p, servers)
                            .isEqualTo((start + p) % servers);
                }
            }
        }
    }

    @Test
    void sparsePartitionCountsPerServerDifferByAtMostOne() {
        Random rnd = new Random(3);
        for (int i = 0; i < 200; i++) {
            int servers = 1 + rnd.nextInt(8);
            int partitions = 1 + rnd.nextInt(5000);
            TableDescriptor d = Slicing.layout(0, TableSpec.sparse("e", 4), Consistency.bsp(), servers, partitions,
                    new long[servers]);
            int[] count = new int[servers];
            for (int p = 0; p < d.units(); p++) {
                count[d.owner(p)]++;
            }
            assertThat(Arrays.stream(count).max().getAsInt() - Arrays.stream(count).min().getAsInt())
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void theTablesOwnRuleOverridesTheJobs() {
        long[] load = new long[2];
        assertThat(Slicing.layout(0, TableSpec.dense("a", 10), Consistency.ssp(2), 2, 8, load).consistency())
                .isEqualTo(Consistency.ssp(2));
        assertThat(Slicing.layout(1, TableSpec.dense("b", 10).consistency(Consistency.asp()), Consistency.ssp(2), 2,
                8, load).consistency()).isEqualTo(Consistency.asp());
        assertThat(Slicing.layout(2, TableSpec.sparse("c", 10).consistency(Consistency.bsp()), Consistency.asp(), 2,
                8, load).consistency()).isEqualTo(Consistency.bsp());
    }

    @Test
    void noServersIsRefusedNamingTheTable() {
        assertThatThrownBy(() -> Slicing.layout(0, TableSpec.dense("lonely", 10), Consistency.bsp(), 0, 8,
                new long[0])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lonely");
    }
}
