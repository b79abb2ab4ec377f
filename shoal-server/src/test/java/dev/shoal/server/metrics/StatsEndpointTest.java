package dev.shoal.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.transport.metrics.MetricsEndpoint;
import dev.shoal.transport.metrics.NodeMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /stats} and {@code /health} over real HTTP, read back the way a harness reads them. */
@Timeout(30)
class StatsEndpointTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final NodeMetrics node = NodeMetrics.create("server");
    private final ServerMetrics metrics = new ServerMetrics(node.registry());
    private final AtomicBoolean serving = new AtomicBoolean();
    private final MetricsEndpoint endpoint = ServerEndpoint.start(node, "127.0.0.1", 0, this::stats, serving::get);

    private ServerStats stats() {
        return metrics.stats(2, 7, 1, List.of(new ServerStats.TableBytes(4, "emb", 4096)));
    }

    @AfterEach
    void close() {
        endpoint.close();
        node.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void statsComeBackAsTheSameRecord() throws IOException {
        metrics.tableInstalled(4, "emb");
        metrics.answered(MessageType.PUSH_SPARSE, 4, 1000, 24);
        metrics.answered(MessageType.PUSH_SPARSE, 4, 500, 24);
        metrics.answered(MessageType.PULL_SPARSE, 99, 60, 40);   // a table not held here
        metrics.answered(MessageType.CLOCK, 4, 24, 24);          // a clock addresses no table
        metrics.refused(ErrorCode.UNKNOWN_TABLE);
        metrics.pulled(100, 12, 10);
        metrics.pulled(100, 90, 10);

        ServerStats s = ServerStats.fetch(uri("/stats"), TIMEOUT);

        assertThat(s).isEqualTo(stats());
        assertThat(s.schema()).isEqualTo(ServerStats.SCHEMA);
        assertThat(s.nodeId()).isEqualTo(2);
        assertThat(s.minClock()).isEqualTo(7);
        assertThat(s.requests()).containsExactly(
                new ServerStats.Requests("PUSH_SPARSE", 4, "emb", 2, 1500, 48),
                new ServerStats.Requests("PULL_SPARSE", null, null, 1, 60, 40),
                new ServerStats.Requests("CLOCK", null, null, 1, 24, 24));
        assertThat(s.bytesIn()).isEqualTo(1584);
        assertThat(s.refusals()).containsOnlyKeys("UNKNOWN_TABLE");
        assertThat(s.staleness().servedAt()).hasSize(ServerMetrics.MAX_STALENESS_BUCKET + 1);
        assertThat(s.staleness().servedAt().get(2)).isEqualTo(1);
        assertThat(s.staleness().beyond()).isEqualTo(1);
        assertThat(s.staleness().max()).isEqualTo(80);
        assertThat(s.staleness().pulls()).isEqualTo(2);
        assertThat(s.tables()).containsExactly(new ServerStats.TableBytes(4, "emb", 4096));
    }

    @Test
    void theJsonHasTheDocumentedFieldsAndNoOthers() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/stats")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(r.body()).startsWith("{\"schema\":1,\"nodeId\":2,\"minClock\":7,\"parkedConnections\":1,"
                + "\"requests\":[],\"refusals\":{},\"staleness\":{\"servedAt\":[0,").endsWith(
                "],\"beyond\":0,\"max\":-1},\"tables\":[{\"id\":4,\"name\":\"emb\",\"bytes\":4096}]}");
    }

    @Test
    void healthIsDownUntilTheServerServes() throws Exception {
        HttpResponse<String> down = send(HttpRequest.newBuilder(uri("/health")));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"role\":\"server\"", "not serving");
        serving.set(true);
        HttpResponse<String> up = send(HttpRequest.newBuilder(uri("/health")));
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"status\":\"UP\"", "\"role\":\"server\"");
    }

    @Test
    void otherMethodsAndPathsAreRefused() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/stats")).POST(HttpRequest.BodyPublishers.ofString("x")))
                .statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(uri("/stats/more"))).statusCode()).isEqualTo(404);
    }

    @Test
    void aReaderFailsInOneLineNamingTheAddress() {
        assertThatThrownBy(() -> ServerStats.fetch(uri("/health"), TIMEOUT)).isInstanceOf(IOException.class)
                .hasMessage("reading " + uri("/health") + ": HTTP 503");
        assertThatThrownBy(() -> ServerStats.fetch(uri("/metrics"), TIMEOUT)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("reading " + uri("/metrics") + ": not server stats");
    }
}
