package dev.shoal.transport.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a node process says about itself, for the program that started it: written by the node as a
 * {@link NodeStatusFile}, read by the launcher instead of the node's log lines.
 *
 * <pre>{@code
 * {"role":"server","nodeId":1,"pid":4242,"state":"ready","address":"127.0.0.1:7101",
 *  "metricsUrl":"http://127.0.0.1:9101/metrics"}
 *
 * NodeStatus s = NodeStatus.starting("server", ProcessHandle.current().pid()).ready("127.0.0.1:7101", null);
 * }</pre>
 *
 * @param role       {@code coordinator}, {@code server}, {@code worker}, {@code bench-worker}, {@code tcp-sink}
 * @param nodeId     the id the coordinator gave the node, null before it has one or for nodes that get none
 * @param pid        the node's process id
 * @param state      where the node is in its life
 * @param address    {@code host:port} it listens on and others should connect to, null if it listens on nothing
 * @param metricsUrl where its Prometheus metrics are served, null if nowhere
 * @param error      one line saying why it failed, when {@code state} is {@link State#FAILED}
 * @param result     what a node that measures something reports at {@link State#DONE} (a bench worker's result)
 * @param cluster    the coordinator's latest view, as a launcher needs it (view and layout epochs, the servers in
 *                   service and joining, the live workers); null for other nodes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeStatus(String role, Integer nodeId, long pid, State state, String address, String metricsUrl,
                         String error, JsonNode result, JsonNode cluster) {

    /** A node's life: starting until it serves (or, without a server socket, works), then done or failed. */
    public enum State {
        @JsonProperty("starting") STARTING,
        @JsonProperty("ready") READY,
        @JsonProperty("failed") FAILED,
        @JsonProperty("done") DONE;

        /** Nothing more will be written after a terminal state. */
        public boolean terminal() {
            return this == FAILED || this == DONE;
        }
    }

    public NodeStatus {
        if (role == null || state == null) {
            throw new IllegalArgumentException("a node status needs a role and a state, got " + role + ", " + state);
        }
    }

    public static NodeStatus starting(String role, long pid) {
        return new NodeStatus(role, null, pid, State.STARTING, null, null, null, null, null);
    }

    public NodeStatus ready(String boundAddress, String metrics) {
        return new NodeStatus(role, nodeId, pid, State.READY, boundAddress, metrics, null, result, cluster);
    }

    public NodeStatus withNodeId(int id) {
        return new NodeStatus(role, id, pid, state, address, metricsUrl, error, result, cluster);
    }

    public NodeStatus failed(String why) {
        return new NodeStatus(role, nodeId, pid, State.FAILED, address, metricsUrl, why, result, cluster);
    }

    public NodeStatus done(JsonNode measured) {
        return new NodeStatus(role, nodeId, pid, State.DONE, address, metricsUrl, null, measured, cluster);
    }

    /** This status with the coordinator's view summary {@code summary}. */
    public NodeStatus withCluster(JsonNode summary) {
        return new NodeStatus(role, nodeId, pid, state, address, metricsUrl, error, result, summary);
    }

    /** The port of {@link #address}; fails naming the node if it has none. */
    public int port() {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalStateException(role + " (pid " + pid + ") reported no host:port, only '" + address + "'");
        }
        return Integer.parseInt(address.substring(colon + 1));
    }
}
