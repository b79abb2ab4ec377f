package dev.shoal.protocol.golden.write;

import static dev.shoal.protocol.golden.GoldenFiles.bits;
import static dev.shoal.protocol.golden.write.GoldenFrameCases.REQUEST;
import static dev.shoal.protocol.golden.write.GoldenFrameCases.RESPONSE;
import static dev.shoal.protocol.golden.write.GoldenFrameCases.body;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.protocol.frame.MessageType;

/**
 * The golden frames of replicated BSP rounds (added with ROUND_CLOSE, CLOCK's body and STATE kind 5), appended after
 * {@link GoldenFrameCases}' own groups; kept apart only to keep that file short. Once written, these files are the
 * contract like the others: add cases at the end, never change one.
 *
 * <pre>{@code
 * GoldenRoundCases.addTo(cases);      // last, in GoldenFrameCases.all()
 * }</pre>
 *
 * <p>The job is the one of {@code GoldenFrameCases.rejoining()}: 3 servers, 2 workers, BSP; table 1 dense, table 2
 * sparse, both with 2 replicas; server 1 is joining, servers 0 and 2 are in service (layout epoch 2), worker 0 is at
 * clock 7 and worker 1 at 6. A chain is the units of one owner in one table: chain 2 of a table is held by servers 2
 * (its primary) and 0, chain 0 by servers 0 (its primary) and 1 (joining).
 */
final class GoldenRoundCases {
    /** Request ids of worker 0 and worker 1 towards a server: (worker + 1) << 40 | sequence. */
    private static final long WORKER0 = 1L << 40;
    private static final long WORKER1 = 2L << 40;

    private GoldenRoundCases() {
    }

    static void addTo(GoldenFrameCases c) {
        ObjectNode counts = body().put("n", 2);
        counts.putArray("chains").add(chain(1, 2, 1)).add(chain(2, 0, 2));
        c.add("clock.request.push_counts", "worker 0 finished round 6: its clock is now 7 (table id 0). The body, the "
                        + "same in its CLOCK to every server, announces the pushes it sent in round 6 to each chain of "
                        + "a replicated BSP table: 1 to chain 2 of table 1 (primary server 2), 2 to chain 0 of table 2 "
                        + "(primary server 0, this CLOCK's receiver); a chain not listed got none", REQUEST,
                MessageType.CLOCK, WORKER0 | 45, 0, 7, counts);
        ObjectNode close = body().put("layoutEpoch", 2).put("owner", 2).put("scale", bits(0.5f)).put("n", 2);
        close.putArray("ids").add(Long.toString(WORKER0 | 37)).add(Long.toString(WORKER1 | 36));
        c.add("round_close.request", "server 2, primary of chain 2 of table 1, closes round 5 (header: table 1, clock "
                        + "5) towards its backup, server 0, under layout epoch 2, after the round's sum as REPLICATE "
                        + "frames: apply it times 0.5 (2 live workers), and remember the ids of the 2 pushes summed "
                        + "(one of each worker)", REQUEST, MessageType.ROUND_CLOSE, 9, 1, 5, close);
        c.add("round_close.response", "server 0 applied round 5 of the chain once (empty body, clock copied)", RESPONSE,
                MessageType.ROUND_CLOSE, 9, 1, 5, body());
        ObjectNode rounds = body().put("kind", "ROUNDS").put("owner", 0).put("committed", 6).put("n", 1);
        rounds.putArray("rounds").add(body().put("round", 6).put("worker", 0).put("pushes", 2));
        rounds.put("m", 3);
        ArrayNode open = rounds.putArray("openIds");
        open.add(Long.toString(WORKER0 | 43)).add(Long.toString(WORKER0 | 44)).add(Long.toString(WORKER1 | 41));
        c.add("state.request.rounds", "server 0 sends joining server 1 the rounds of chain 0 of table 2 (tableId 2): "
                        + "rounds below 6 applied; worker 0 announced 2 pushes for round 6 (its CLOCK 7), worker 1 "
                        + "none yet (it is at clock 6); the ids of the 3 pushes summed in open round 6, which server 1 "
                        + "must not count as applied", REQUEST, MessageType.STATE, 2046, 2, 0, rounds);
    }

    private static ObjectNode chain(int tableId, int owner, int pushes) {
        return body().put("tableId", tableId).put("owner", owner).put("pushes", pushes);
    }
}
