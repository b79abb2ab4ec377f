package dev.shoal.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The bodies of replicated BSP rounds (docs/PROTOCOL.md, CLOCK, ROUND_CLOSE, STATE kind 5): what the encoders write
 * reads back through the accessors, and the checks a server runs before reading refuse every body that is not
 * exactly as its counts say, or that announces what cannot be (a negative push count, a scale outside (0, 1]), with
 * a message that names the problem.
 */
class RoundFramesTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final long WORKER0 = 1L << 40;

    private static ByteBuf clock(int[] pushes) {
        int n = pushes.length;
        int[] tables = new int[n];
        int[] owners = new int[n];
        for (int i = 0; i < n; i++) {
            tables[i] = 1 + i;
            owners[i] = 2 - i;
        }
        return RoundFrames.encodeClock(ALLOC, WORKER0 | 45, 7, tables, owners, pushes, n);
    }

    private static ByteBuf close(float scale, long... ids) {
        return RoundFrames.encodeClose(ALLOC, 9L, 1, 5, 2, 2, scale, ids, ids.length);
    }

    private static ByteBuf rounds(int n, long... openIds) {
        int[] rounds = new int[n];
        int[] workers = new int[n];
        int[] pushes = new int[n];
        for (int i = 0; i < n; i++) {
            rounds[i] = 6 + i / 2;
            workers[i] = i % 2;
            pushes[i] = 1 + i;
        }
        return RoundFrames.encodeRounds(ALLOC, 2046L, 2, 0, 6, rounds, workers, pushes, n, openIds);
    }

    /** What {@code check} says of {@code f} after {@code change}; releases it. */
    private static String checked(ByteBuf f, Consumer<ByteBuf> change, Function<ByteBuf, String> check) {
        try {
            change.accept(f);
            return check.apply(f);
        } finally {
            f.release();
        }
    }

    /** Drops the last {@code bytes} of the body, as if the sender wrote a frame that much shorter. */
    private static Consumer<ByteBuf> cut(int bytes) {
        return f -> FrameHeader.finish(f.writerIndex(f.writerIndex() - bytes));
    }

    /** Overwrites the i32 at {@code at} in the body. */
    private static Consumer<ByteBuf> setInt(int at, int value) {
        return f -> f.setIntLE(FrameHeader.bodyIndex(f) + at, value);
    }

    @Test
    void wireValues() {
        assertThat(MessageType.ROUND_CLOSE.id).isEqualTo(27);
        assertThat(MessageType.ofId(27)).isEqualTo(MessageType.ROUND_CLOSE);
        assertThat(RoundFrames.KIND_ROUNDS).isEqualTo(5);
    }

    @Test
    void aClockAnnouncesItsChainsPushCountsAndReadsBack() {
        ByteBuf f = clock(new int[] {1, 2});
        try {
            assertThat(RoundFrames.checkClock(f)).isNull();
            assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.CLOCK.id);
            assertThat(FrameHeader.requestId(f)).isEqualTo(WORKER0 | 45);
            assertThat(FrameHeader.tableId(f)).isZero();
            assertThat(FrameHeader.clock(f)).isEqualTo(7);
            assertThat(f.getIntLE(FrameHeader.LENGTH_OFFSET)).isEqualTo(f.readableBytes() - 4);
            assertThat(FrameHeader.bodyLength(f)).as("i32 n, then 12 bytes per chain").isEqualTo(4 + 12 * 2);
            assertThat(RoundFrames.clockEntries(f)).isEqualTo(2);
            assertThat(new int[] {RoundFrames.clockTable(f, 0), RoundFrames.clockOwner(f, 0),
                RoundFrames.clockPushes(f, 0)}).containsExactly(1, 2, 1);
            assertThat(new int[] {RoundFrames.clockTable(f, 1), RoundFrames.clockOwner(f, 1),
                RoundFrames.clockPushes(f, 1)}).containsExactly(2, 1, 2);
        } finally {
            f.release();
        }
    }

    @Test
    void aClockWithoutCountsHasTheEmptyBodyOfBefore() {
        ByteBuf f = clock(new int[0]);
        try {
            assertThat(FrameHeader.bodyLength(f)).isZero();
            assertThat(RoundFrames.checkClock(f)).isNull();
            assertThat(RoundFrames.clockEntries(f)).isZero();
        } finally {
            f.release();
        }
    }

    @Test
    void aClockBodyThatIsNotItsCountsIsRefused() {
        assertThat(checked(clock(new int[] {1}), cut(13), RoundFrames::checkClock))
                .as("3 bytes: not even n").contains("CLOCK body of 3 bytes");
        assertThat(checked(clock(new int[] {1, 2}), cut(4), RoundFrames::checkClock))
                .as("truncated last entry").contains("2 chains in a body of 24 bytes");
        assertThat(checked(clock(new int[] {1, 2}), setInt(0, 3), RoundFrames::checkClock))
                .as("n too large").contains("3 chains in a body of 28 bytes");
        assertThat(checked(clock(new int[] {1, 2}), setInt(0, 1), RoundFrames::checkClock))
                .as("n too small: bytes left over").contains("1 chains in a body of 28 bytes");
        assertThat(checked(clock(new int[] {1, 2}), setInt(0, -1), RoundFrames::checkClock))
                .as("negative n").contains("-1 chains");
        assertThat(checked(clock(new int[] {1, 2}), setInt(0, 0), RoundFrames::checkClock))
                .as("n = 0 with entries after it").contains("0 chains in a body of 28 bytes");
    }

    @Test
    void aClockAnnouncingANegativePushCountOrOwnerIsRefused() {
        assertThat(checked(clock(new int[] {1, -1}), f -> { }, RoundFrames::checkClock))
                .contains("-1 pushes to chain 1");
        assertThat(checked(clock(new int[] {1, 2}), setInt(4 + 4, -2), RoundFrames::checkClock))
                .as("owner of the first chain").contains("1 pushes to chain -2");
        assertThat(checked(clock(new int[] {0, Integer.MAX_VALUE}), f -> { }, RoundFrames::checkClock))
                .as("0 and many pushes are counts").isNull();
    }

    @Test
    void aRoundCloseReadsBack() {
        long[] ids = {WORKER0 | 37, (2L << 40) | 36, Long.MIN_VALUE};
        ByteBuf f = close(0.5f, ids);
        try {
            assertThat(RoundFrames.checkClose(f)).isNull();
            assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.ROUND_CLOSE.id);
            assertThat(FrameHeader.requestId(f)).isEqualTo(9L);
            assertThat(FrameHeader.tableId(f)).as("the table").isEqualTo(1);
            assertThat(FrameHeader.clock(f)).as("the round").isEqualTo(5);
            assertThat(FrameHeader.bodyLength(f)).isEqualTo(16 + 8 * 3);
            assertThat(RoundFrames.closeEpoch(f)).isEqualTo(2);
            assertThat(RoundFrames.closeOwner(f)).isEqualTo(2);
            assertThat(RoundFrames.closeScale(f)).isEqualTo(0.5f);
            assertThat(RoundFrames.closeIds(f)).isEqualTo(3);
            for (int i = 0; i < ids.length; i++) {
                assertThat(RoundFrames.closeId(f, i)).as("id %d", i).isEqualTo(ids[i]);
            }
        } finally {
            f.release();
        }
        assertThat(checked(close(1f), g -> { }, RoundFrames::checkClose)).as("one worker, no id").isNull();
        assertThat(checked(close(Float.MIN_VALUE, 1L), g -> { }, RoundFrames::checkClose)).isNull();
    }

    @Test
    void aRoundCloseBodyThatIsNotItsCountsIsRefused() {
        assertThat(checked(close(0.5f), cut(4), RoundFrames::checkClose))
                .as("no room for n").contains("ROUND_CLOSE body of 12 bytes; at least 16");
        assertThat(checked(close(0.5f, 1L, 2L), cut(8), RoundFrames::checkClose))
                .as("truncated ids").contains("lists 2 request ids in a body of 24 bytes");
        assertThat(checked(close(0.5f, 1L, 2L), setInt(12, 3), RoundFrames::checkClose))
                .contains("lists 3 request ids in a body of 32 bytes");
        assertThat(checked(close(0.5f, 1L, 2L), setInt(12, 1), RoundFrames::checkClose))
                .as("bytes left over").contains("lists 1 request ids in a body of 32 bytes");
        assertThat(checked(close(0.5f, 1L, 2L), setInt(12, -1), RoundFrames::checkClose))
                .contains("lists -1 request ids");
    }

    @Test
    void aRoundCloseScaleOutsideZeroToOneIsRefused() {
        float[] bad = {0f, -0f, -0.5f, Math.nextUp(1f), 2f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY};
        for (float scale : bad) {
            assertThat(checked(close(scale, 1L), g -> { }, RoundFrames::checkClose)).as("scale %s", scale)
                    .isEqualTo("ROUND_CLOSE scale " + scale + " is not in (0, 1]");
        }
    }

    @Test
    void aChainsRoundsReadBack() {
        long[] open = {WORKER0 | 43, WORKER0 | 44, (2L << 40) | 41};
        ByteBuf f = rounds(3, open);
        try {
            assertThat(RoundFrames.checkRounds(f)).isNull();
            assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.STATE.id);
            assertThat(StateFrames.kind(f)).isEqualTo(RoundFrames.KIND_ROUNDS);
            assertThat(FrameHeader.tableId(f)).isEqualTo(2);
            assertThat(FrameHeader.clock(f)).isZero();
            assertThat(FrameHeader.bodyLength(f)).isEqualTo(17 + 12 * 3 + 8 * 3);
            assertThat(RoundFrames.roundsOwner(f)).isZero();
            assertThat(RoundFrames.roundsCommitted(f)).isEqualTo(6);
            assertThat(RoundFrames.roundsEntries(f)).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(new int[] {RoundFrames.roundsEntry(f, i, 0), RoundFrames.roundsEntry(f, i, 1),
                    RoundFrames.roundsEntry(f, i, 2)}).as("entry %d", i).containsExactly(6 + i / 2, i % 2, 1 + i);
            }
            assertThat(RoundFrames.roundsOpenIds(f)).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(RoundFrames.roundsOpenId(f, i)).as("open id %d", i).isEqualTo(open[i]);
            }
        } finally {
            f.release();
        }
        assertThat(checked(rounds(0), g -> { }, RoundFrames::checkRounds)).as("nothing open: 17 bytes").isNull();
    }

    @Test
    void aChainsRoundsBodyThatIsNotItsCountsIsRefused() {
        assertThat(checked(rounds(0), cut(1), RoundFrames::checkRounds))
                .as("no room for m").contains("body of 16 bytes; at least 17");
        assertThat(checked(rounds(2, 7L), setInt(9, 4), RoundFrames::checkRounds))
                .as("more entries than bytes").contains("lists 4 entries in a body of 49 bytes");
        assertThat(checked(rounds(2, 7L), setInt(9, -1), RoundFrames::checkRounds))
                .contains("lists -1 entries");
        assertThat(checked(rounds(2, 7L), cut(8), RoundFrames::checkRounds))
                .as("truncated open id").contains("2 entries and 1 request ids in a body of 41 bytes");
        assertThat(checked(rounds(2, 7L), setInt(13 + 24, 2), RoundFrames::checkRounds))
                .as("m too large").contains("2 entries and 2 request ids in a body of 49 bytes");
        assertThat(checked(rounds(2, 7L, 8L), setInt(13 + 24, 1), RoundFrames::checkRounds))
                .as("m too small: bytes left over").contains("2 entries and 1 request ids in a body of 57 bytes");
        assertThat(checked(rounds(2, 7L), setInt(13 + 24, -1), RoundFrames::checkRounds))
                .contains("-1 request ids");
        assertThat(checked(rounds(2, 7L), setInt(9, 1), RoundFrames::checkRounds))
                .as("n too small: the next entry is read as m").contains("1 entries and");
    }
}
