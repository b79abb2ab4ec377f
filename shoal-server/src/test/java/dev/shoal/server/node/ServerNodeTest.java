package dev.shoal.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerNodeTest {

    @Test
    void theLoggedMetricsAddressIsOneAScraperCanConnectTo() {
        assertThat(ServerNode.metricsUrl("127.0.0.1", "127.0.0.1", 9101)).isEqualTo("http://127.0.0.1:9101/metrics");
        assertThat(ServerNode.metricsUrl("10.0.0.2", "10.9.9.9", 9101)).isEqualTo("http://10.0.0.2:9101/metrics");
        assertThat(ServerNode.metricsUrl("0.0.0.0", "10.0.0.2", 40123)).isEqualTo("http://10.0.0.2:40123/metrics");
        assertThat(ServerNode.metricsUrl("::", "fd00::2", 9101)).isEqualTo("http://[fd00::2]:9101/metrics");
    }
}
