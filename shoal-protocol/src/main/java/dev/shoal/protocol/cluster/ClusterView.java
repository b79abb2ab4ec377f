package dev.shoal.protocol.cluster;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableDescriptor;
import java.util.Arrays;
import java.util.List;

/**
 * What the coordinator publishes to every node: the servers, which of them are in service, the live workers and
 * the job's settings. A new view (higher epoch) is sent whenever membership changes, e.g. when a worker dies; the
 * layout epoch grows only when the servers in service change, which moves the primaries of replicated units.
 *
 * <pre>{@code
 * ClusterView v = client.view();
 * int server = v.primaryOf(descriptor, slice);   // -1 when no replica of the slice is in service
 * boolean alive = v.isLiveWorker(3);
 * }</pre>
 *
 * <p>Unit {@code u} of a table is held by {@code d.replica(u, 0..replicas-1, servers)}; its primary is the first of
 * them in service, the others in service are its backups. Every node computes this from the same view, so a
 * worker and a server agree on who is primary whenever they agree on the layout epoch.
 *
 * @param epoch           grows by one with every change
 * @param servers         all servers, index = server id (a lost server keeps its slot and address)
 * @param liveWorkers     ids of the workers currently alive, ascending
 * @param expectedWorkers how many workers the job was started with
 * @param consistency     the job's default rule (a table may override it)
 * @param partitions      virtual partitions of sparse keys
 * @param layoutEpoch     grows by one whenever {@code inService} changes; replicas refuse what a primary sends
 *                        under an older one
 * @param inService       ids of the servers holding and serving their units, ascending
 * @param heartbeatMillis silence after which the coordinator declares a node dead: a primary stops accepting
 *                        writes once this long (less a margin) has passed since the heartbeat last acknowledged
 *                        was sent, so that it has stopped before anyone can have replaced it
 * @param joining         ids of the servers that rejoined the running job and are catching up, ascending: not in
 *                        service (they answer no worker), but primaries copy every push to them, and workers send
 *                        them their clocks
 */
public record ClusterView(int epoch, List<NodeAddress> servers, int[] liveWorkers, int expectedWorkers,
                          Consistency consistency, int partitions, int layoutEpoch, int[] inService,
                          int heartbeatMillis, int[] joining) {
    /** The heartbeat timeout of a view built without one (the coordinator's default). */
    public static final int DEFAULT_HEARTBEAT_MILLIS = 3000;

    public ClusterView {
        servers = List.copyOf(servers);
        liveWorkers = liveWorkers.clone();
        Arrays.sort(liveWorkers);
        inService = inService.clone();
        Arrays.sort(inService);
        joining = joining.clone();
        Arrays.sort(joining);
    }

    /** A view in which no server is joining. */
    public ClusterView(int epoch, List<NodeAddress> servers, int[] liveWorkers, int expectedWorkers,
                       Consistency consistency, int partitions, int layoutEpoch, int[] inService, int heartbeatMillis) {
        this(epoch, servers, liveWorkers, expectedWorkers, consistency, partitions, layoutEpoch, inService,
                heartbeatMillis, new int[0]);
    }

    /** A view with every server in service, at layout epoch 1. */
    public ClusterView(int epoch, List<NodeAddress> servers, int[] liveWorkers, int expectedWorkers,
                       Consistency consistency, int partitions) {
        this(epoch, servers, liveWorkers, expectedWorkers, consistency, partitions, 1, allServers(servers.size()),
                DEFAULT_HEARTBEAT_MILLIS);
    }

    private static int[] allServers(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    @Override
    public int[] liveWorkers() {
        return liveWorkers.clone();
    }

    @Override
    public int[] inService() {
        return inService.clone();
    }

    @Override
    public int[] joining() {
        return joining.clone();
    }

    public boolean isJoining(int serverId) {
        return Arrays.binarySearch(joining, serverId) >= 0;
    }

    /** Whether {@code serverId} takes copies and clocks: in service, or joining. */
    public boolean isReplicating(int serverId) {
        return isInService(serverId) || isJoining(serverId);
    }

    public int liveWorkerCount() {
        return liveWorkers.length;
    }

    public boolean isLiveWorker(int workerId) {
        return Arrays.binarySearch(liveWorkers, workerId) >= 0;
    }

    public boolean isInService(int serverId) {
        return Arrays.binarySearch(inService, serverId) >= 0;
    }

    /** The server that answers requests for unit {@code unit} of {@code d}: its first replica in service, or -1. */
    public int primaryOf(TableDescriptor d, int unit) {
        int n = servers.size();
        for (int i = 0; i < d.replicas(); i++) {
            int s = d.replica(unit, i, n);
            if (isInService(s)) {
                return s;
            }
        }
        return -1;
    }

    /** Whether {@code server} is one of the replicas of unit {@code unit} of {@code d}, in service or not. */
    public boolean holds(TableDescriptor d, int unit, int server) {
        int n = servers.size();
        return Math.floorMod(server - d.owner(unit), n) < Math.min(d.replicas(), n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterView v && epoch == v.epoch && servers.equals(v.servers)
                && Arrays.equals(liveWorkers, v.liveWorkers) && expectedWorkers == v.expectedWorkers
                && consistency.equals(v.consistency) && partitions == v.partitions && layoutEpoch == v.layoutEpoch
                && Arrays.equals(inService, v.inService) && heartbeatMillis == v.heartbeatMillis
                && Arrays.equals(joining, v.joining);
    }

    @Override
    public int hashCode() {
        return epoch;
    }

    @Override
    public String toString() {
        return "view#" + epoch + " servers=" + servers.size() + " inService=" + Arrays.toString(inService)
                 + (joining.length > 0 ? " joining=" + Arrays.toString(joining) : "")
                + " layout#" + layoutEpoch + " liveWorkers=" + Arrays.toString(liveWorkers)
                + " consistency=" + consistency;
    }
}
