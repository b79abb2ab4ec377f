package dev.shoal.protocol.codec;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Bodies of the frames that replicate BSP rounds (replication after aggregation): a worker's CLOCK announcing how
 * many pushes it sent each chain in the round it finished, a primary's ROUND_CLOSE, and the rounds of a chain handed
 * to a rejoining server (STATE kind 5). A chain is the units of one owner in one table: they share their replicas,
 * so they share a primary and move together on fail-over.
 *
 * <pre>{@code
 * ByteBuf clock = RoundFrames.encodeClock(alloc, id, newClock, tables, owners, pushes, n);
 * String bad = RoundFrames.checkClock(frame);               // on the server, null when well formed
 * for (int i = 0; i < RoundFrames.clockEntries(frame); i++) {
 *     announce(RoundFrames.clockTable(frame, i), RoundFrames.clockOwner(frame, i), RoundFrames.clockPushes(frame, i));
 * }
 * }</pre>
 *
 * <p>Layouts after the header (little-endian):
 * <pre>
 * CLOCK         := empty | i32 n, (i32 tableId, i32 owner, i32 pushes)[n]
 * ROUND_CLOSE   := i32 layoutEpoch, i32 owner, f32 scale, i32 n, i64[n] request ids     (header: table, round)
 * STATE kind 5  := u8 5, i32 owner, i32 committed, i32 n, (i32 round, i32 worker, i32 pushes)[n],
 *                  i32 m, i64[m] request ids of the open rounds                        (header: table)
 * </pre>
 */
public final class RoundFrames {
    /** STATE kind of a chain's rounds. */
    public static final int KIND_ROUNDS = 5;
    private static final int CLOCK_ENTRY = 12;
    private static final int CLOSE_PREFIX = 16;

    private RoundFrames() {
    }

    /**
     * A CLOCK to {@code clock} announcing {@code pushes[i]} push frames to chain {@code owners[i]} of table
     * {@code tables[i]} for {@code i < n}; finished. With {@code n == 0} the body is empty.
     */
    public static ByteBuf encodeClock(ByteBufAllocator alloc, long requestId, int clock, int[] tables, int[] owners,
                                      int[] pushes, int n) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.CLOCK, requestId, 0, clock,
                n == 0 ? 0 : 4 + n * CLOCK_ENTRY);
        if (n > 0) {
            f.writeIntLE(n);
            for (int i = 0; i < n; i++) {
                f.writeIntLE(tables[i]).writeIntLE(owners[i]).writeIntLE(pushes[i]);
            }
        }
        return FrameHeader.finish(f);
    }

    /** What is wrong with a CLOCK's body, or null when it is well formed. */
    public static String checkClock(ByteBuf f) {
        int len = FrameHeader.bodyLength(f);
        if (len == 0) {
            return null;
        }
        if (len < 4) {
            return "CLOCK body of " + len + " bytes: empty, or i32 n and n entries of 12 bytes";
        }
        long n = f.getIntLE(FrameHeader.bodyIndex(f));
        if (n < 0 || 4 + n * CLOCK_ENTRY != len) {
            return "CLOCK announces " + n + " chains in a body of " + len + " bytes (12 bytes each after i32 n)";
        }
        for (int i = 0; i < n; i++) {
            if (clockPushes(f, i) < 0 || clockOwner(f, i) < 0) {
                return "CLOCK announces " + clockPushes(f, i) + " pushes to chain " + clockOwner(f, i);
            }
        }
        return null;
    }

    /** Chains a (checked) CLOCK announces pushes to. */
    public static int clockEntries(ByteBuf f) {
        return FrameHeader.bodyLength(f) == 0 ? 0 : f.getIntLE(FrameHeader.bodyIndex(f));
    }

    public static int clockTable(ByteBuf f, int i) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 4 + i * CLOCK_ENTRY);
    }

    public static int clockOwner(ByteBuf f, int i) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 8 + i * CLOCK_ENTRY);
    }

    public static int clockPushes(ByteBuf f, int i) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 12 + i * CLOCK_ENTRY);
    }

    /** A ROUND_CLOSE of round {@code round} of chain {@code owner} of table {@code tableId}; finished. */
    public static ByteBuf encodeClose(ByteBufAllocator alloc, long requestId, int tableId, int round, int layoutEpoch,
                                      int owner, float scale, long[] ids, int n) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.ROUND_CLOSE, requestId, tableId, round,
                CLOSE_PREFIX + n * 8);
        f.writeIntLE(layoutEpoch).writeIntLE(owner).writeFloatLE(scale).writeIntLE(n);
        for (int i = 0; i < n; i++) {
            f.writeLongLE(ids[i]);
        }
        return FrameHeader.finish(f);
    }

    /** What is wrong with a ROUND_CLOSE's body, or null when it is well formed. */
    public static String checkClose(ByteBuf f) {
        int len = FrameHeader.bodyLength(f);
        if (len < CLOSE_PREFIX) {
            return "ROUND_CLOSE body of " + len + " bytes; at least " + CLOSE_PREFIX;
        }
        long n = closeIds(f);
        if (n < 0 || CLOSE_PREFIX + n * 8 != len) {
            return "ROUND_CLOSE lists " + n + " request ids in a body of " + len + " bytes";
        }
        float scale = closeScale(f);
        if (!(scale > 0f && scale <= 1f)) {
            return "ROUND_CLOSE scale " + scale + " is not in (0, 1]";
        }
        return null;
    }

    public static int closeEpoch(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f));
    }

    public static int closeOwner(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 4);
    }

    public static float closeScale(ByteBuf f) {
        return f.getFloatLE(FrameHeader.bodyIndex(f) + 8);
    }

    public static int closeIds(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 12);
    }

    public static long closeId(ByteBuf f, int i) {
        return f.getLongLE(FrameHeader.bodyIndex(f) + CLOSE_PREFIX + i * 8);
    }

    /**
     * A STATE frame of the rounds of chain {@code owner} of table {@code tableId}: rounds below {@code committed}
     * applied, {@code pushes[i]} pushes announced by {@code workers[i]} for {@code rounds[i]}, and the request ids
     * summed in the open rounds, which the receiver must not count as applied; finished.
     */
    public static ByteBuf encodeRounds(ByteBufAllocator alloc, long requestId, int tableId, int owner, int committed,
                                       int[] rounds, int[] workers, int[] pushes, int n, long[] openIds) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.STATE, requestId, tableId, 0,
                17 + n * 12 + openIds.length * 8);
        f.writeByte(KIND_ROUNDS).writeIntLE(owner).writeIntLE(committed).writeIntLE(n);
        for (int i = 0; i < n; i++) {
            f.writeIntLE(rounds[i]).writeIntLE(workers[i]).writeIntLE(pushes[i]);
        }
        f.writeIntLE(openIds.length);
        for (long id : openIds) {
            f.writeLongLE(id);
        }
        return FrameHeader.finish(f);
    }

    /** What is wrong with a STATE kind 5 body, or null when it is well formed. */
    public static String checkRounds(ByteBuf f) {
        int len = FrameHeader.bodyLength(f);
        if (len < 17) {
            return "STATE rounds body of " + len + " bytes; at least 17";
        }
        long n = roundsEntries(f);
        if (n < 0 || 17 + n * 12 > len) {
            return "STATE rounds lists " + n + " entries in a body of " + len + " bytes";
        }
        long m = roundsOpenIds(f);
        return m < 0 || 17 + n * 12 + m * 8 != len ? "STATE rounds lists " + n + " entries and " + m
                + " request ids in a body of " + len + " bytes" : null;
    }

    /** Request ids of the open rounds in a (checked) STATE kind 5. */
    public static int roundsOpenIds(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 13 + roundsEntries(f) * 12);
    }

    public static long roundsOpenId(ByteBuf f, int i) {
        return f.getLongLE(FrameHeader.bodyIndex(f) + 17 + roundsEntries(f) * 12 + i * 8);
    }

    public static int roundsOwner(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 1);
    }

    public static int roundsCommitted(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 5);
    }

    public static int roundsEntries(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 9);
    }

    /** Entry {@code i}: {@code {round, worker, pushes}}. */
    public static int roundsEntry(ByteBuf f, int i, int field) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 13 + i * 12 + field * 4);
    }
}
