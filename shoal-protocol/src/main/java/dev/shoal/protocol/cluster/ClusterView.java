package dev.shoal.protocol.cluster;

import dev.shoal.protocol.table.Consistency;
import java.util.Arrays;
import java.util.List;

/**
 * What the coordinator publishes to every node: the servers, the live workers and the job's settings. A new view
 * (higher epoch) is sent whenever membership changes, e.g. when a worker dies.
 *
 * <pre>{@code
 * ClusterView v = client.view();
 * for (NodeAddress s : v.servers()) { ... }
 * boolean alive = v.isLiveWorker(3);
 * }</pre>
 *
 * @param epoch           grows by one with every change
 * @param servers         all servers, index = server id
 * @param liveWorkers     ids of the workers currently alive, ascending
 * @param expectedWorkers how many workers the job was started with
 * @param consistency     the job's default rule (a table may override it)
 * @param partitions      virtual partitions of sparse keys
 */
public record ClusterView(int epoch, List<NodeAddress> servers, int[] liveWorkers, int expectedWorkers,
                          Consistency consistency, int partitions) {

    public ClusterView {
        servers = List.copyOf(servers);
        liveWorkers = liveWorkers.clone();
        Arrays.sort(liveWorkers);
    }

    @Override
    public int[] liveWorkers() {
        return liveWorkers.clone();
    }

    public int liveWorkerCount() {
        return liveWorkers.length;
    }

    public boolean isLiveWorker(int workerId) {
        return Arrays.binarySearch(liveWorkers, workerId) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterView v && epoch == v.epoch && servers.equals(v.servers)
                && Arrays.equals(liveWorkers, v.liveWorkers) && expectedWorkers == v.expectedWorkers
                && consistency.equals(v.consistency) && partitions == v.partitions;
    }

    @Override
    public int hashCode() {
        return epoch;
    }

    @Override
    public String toString() {
        return "view#" + epoch + " servers=" + servers.size() + " liveWorkers=" + Arrays.toString(liveWorkers)
                + " consistency=" + consistency;
    }
}
