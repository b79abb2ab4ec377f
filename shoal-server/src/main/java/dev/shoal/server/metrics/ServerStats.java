package dev.shoal.server.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server's figures as data: what {@code GET /stats} on its metrics endpoint answers, as JSON, and how a harness
 * reads it back, instead of re-parsing the Prometheus text of {@code /metrics}.
 *
 * <pre>{@code
 * ServerStats s = ServerStats.fetch(URI.create("http://10.0.0.2:9100/stats"), Duration.ofSeconds(10));
 * long bytes = s.bytesIn() + s.bytesOut();
 * long fresh = s.staleness().servedAt().get(0);      // pulls served not stale
 * }</pre>
 *
 * <p>The JSON has exactly these fields (readers ignore fields they do not know, so fields may be added within a
 * {@link #schema} version; any other change bumps it):
 * <pre>
 * {
 *   "schema": 1,
 *   "nodeId": 0,                    // -1 until the server has registered
 *   "minClock": 12,                 // slowest live worker's clock; once every worker has left, the last such
 *                                   // clock; null before the first cluster view
 *   "parkedConnections": 0,         // connections whose next request waits at the consistency gate
 *   "requests": [                   // one row per message type and table that saw a request
 *     {"type": "PUSH_DENSE", "tableId": 1, "table": "w", "count": 40, "bytesIn": 1310880, "bytesOut": 960},
 *     {"type": "CLOCK", "tableId": null, "table": null, ...}   // CLOCK, ECHO, and unknown tables
 *   ],
 *   "refusals": {"STALE_PUSH": 1},  // requests answered with an error, by error code; codes seen only
 *   "staleness": {"servedAt": [30, 4, 0, ...], "beyond": 0, "max": 1},
 *   "tables": [{"id": 1, "name": "w", "bytes": 262144}]
 * }
 * </pre>
 * Requests count every request answered, refused ones included; bytes are whole frames, header included: the
 * request as received, the reply (or error) as sent. {@code servedAt[k]} counts the pulls served {@code k} clocks
 * stale (a pull's clock minus the slowest live worker's, 0 when not behind) for k = 0..32; {@code beyond} those
 * staler than 32; {@code max} is the largest served, -1 if none was. {@code tables} are the bytes of parameters
 * and optimizer state this server holds of each table.
 *
 * @param schema            {@link #SCHEMA}
 * @param nodeId            the server's node id, -1 before it registered
 * @param minClock          the slowest live worker's clock (see above), null before the first view
 * @param parkedConnections connections waiting at the gate now
 * @param requests          requests answered, by type and table
 * @param refusals          error answers by error code name
 * @param staleness         the staleness of the pulls served
 * @param tables            bytes held per table, by table id
 */
public record ServerStats(int schema, int nodeId, Integer minClock, int parkedConnections, List<Requests> requests,
                          Map<String, Long> refusals, Staleness staleness, List<TableBytes> tables) {
    /** The version of this layout. */
    public static final int SCHEMA = 1;

    public ServerStats {
        requests = List.copyOf(requests);
        refusals = Collections.unmodifiableMap(new TreeMap<>(refusals));
        tables = List.copyOf(tables);
    }

    /**
     * Requests of one message type for one table (or, with a null table, for none this server holds).
     *
     * <pre>{@code
     * long pushBytes = stats.requests().stream().filter(r -> r.type().startsWith("PUSH"))
     *         .mapToLong(ServerStats.Requests::bytesIn).sum();
     * }</pre>
     *
     * @param type     the {@code MessageType} name
     * @param tableId  the table's id, null for requests that address no table held here
     * @param table    the table's name, null likewise
     * @param count    requests answered
     * @param bytesIn  bytes of their frames, header included
     * @param bytesOut bytes of the replies or errors sent, header included
     */
    public record Requests(String type, Integer tableId, String table, long count, long bytesIn, long bytesOut) {
    }

    /**
     * The staleness of the pulls served.
     *
     * <pre>{@code
     * ServerStats.Staleness s = stats.staleness();
     * double fresh = (double) s.servedAt().get(0) / s.pulls();
     * }</pre>
     *
     * @param servedAt pulls served k clocks stale at index k, k = 0..32
     * @param beyond   pulls served more than 32 clocks stale
     * @param max      the largest staleness served, -1 if no pull was
     */
    public record Staleness(List<Long> servedAt, long beyond, long max) {
        public Staleness {
            servedAt = List.copyOf(servedAt);
        }

        /** Pulls served in all. */
        public long pulls() {
            return servedAt.stream().mapToLong(Long::longValue).sum() + beyond;
        }
    }

    /**
     * What this server holds of one table.
     *
     * <pre>{@code
     * long held = stats.tables().stream().mapToLong(ServerStats.TableBytes::bytes).sum();
     * }</pre>
     *
     * @param id    the table id
     * @param name  the table name
     * @param bytes bytes of its parameters and optimizer state here
     */
    public record TableBytes(int id, String name, long bytes) {
    }

    /** Bytes of every request frame received. */
    public long bytesIn() {
        return requests.stream().mapToLong(Requests::bytesIn).sum();
    }

    /** Bytes of every reply frame sent. */
    public long bytesOut() {
        return requests.stream().mapToLong(Requests::bytesOut).sum();
    }

    /** Requests of {@code type} (a {@code MessageType} name) answered, over all tables. */
    public long count(String type) {
        return requests.stream().filter(r -> r.type().equals(type)).mapToLong(Requests::count).sum();
    }

    public String toJson() {
        return Json.compact(this);
    }

    /** Reads what {@link #toJson()} wrote; fails naming what it could not read. */
    public static ServerStats parse(String json) throws IOException {
        ServerStats s;
        try {
            s = Json.readTolerant(json, ServerStats.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (s.schema() != SCHEMA) {
            throw new IOException("server stats of schema " + s.schema() + "; this reader knows schema " + SCHEMA);
        }
        return s;
    }

    /**
     * Reads a server's {@code /stats} (for example {@code http://host:port/stats}, or its {@code /metrics} address
     * resolved against {@code "stats"}), giving up after {@code timeout}. Fails with one line naming the address
     * and what went wrong: no answer, an HTTP status other than 200, or a body that is not server stats.
     */
    public static ServerStats fetch(URI uri, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            r = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IOException("reading " + uri + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("reading " + uri + ": interrupted", e);
        } catch (IOException e) {
            throw new IOException("reading " + uri + ": " + e, e);
        }
        if (r.statusCode() != 200) {
            throw new IOException("reading " + uri + ": HTTP " + r.statusCode());
        }
        try {
            return parse(r.body());
        } catch (IOException e) {
            throw new IOException("reading " + uri + ": not server stats: " + e.getMessage(), e);
        }
    }
}
