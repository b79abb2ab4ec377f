package dev.shoal.protocol.table;

import java.util.Arrays;

/**
 * A table as the coordinator publishes it: id, spec, the rule it runs under, and its layout over servers.
 * Workers route every request with it; servers install their part of it.
 *
 * <pre>{@code
 * TableDescriptor d = ...;                  // from CREATE_TABLE / OPEN_TABLE
 * int slice = d.sliceOf(index);             // dense: which slice holds element `index`
 * int server = d.owner(slice);
 * int part = KeyPartitioner.partitionOf(key, d.units());   // sparse: which partition holds `key`
 * int server2 = d.owner(part);
 * }</pre>
 *
 * <p>Dense: the table is cut into {@link #units()} slices of {@link #sliceLength()} floats (the last may be shorter);
 * slice {@code i} covers elements {@code [i*sliceLength, min(size, (i+1)*sliceLength))}. Sparse: keys fall into
 * {@link #units()} virtual partitions. Either way {@code owners[u]} is the id of the server holding unit {@code u}.
 *
 * @param id            table id, unique in the job, carried in every frame header
 * @param spec          what the worker asked for
 * @param consistency   the rule in force (the spec's override, or the job's)
 * @param layoutVersion grows whenever the owners change
 * @param sliceLength   dense: floats per slice; sparse: 0
 * @param owners        server id of each slice (dense) or partition (sparse): its first replica
 * @param replicas      how many servers hold each unit: {@code owners[u]} and the next {@code replicas - 1} server
 *                      ids after it, wrapping ({@link #replica}); which of them is primary depends on who is in
 *                      service ({@code dev.shoal.protocol.cluster.ClusterView#primaryOf})
 */
public record TableDescriptor(int id, TableSpec spec, Consistency consistency, int layoutVersion, int sliceLength,
                              int[] owners, int replicas) {

    /** A layout of one replica per unit. */
    public TableDescriptor(int id, TableSpec spec, Consistency consistency, int layoutVersion, int sliceLength,
                           int[] owners) {
        this(id, spec, consistency, layoutVersion, sliceLength, owners, 1);
    }

    public TableDescriptor {
        owners = owners.clone();
        if (replicas < 1) {
            throw new IllegalArgumentException("a table needs at least one replica per unit, got " + replicas);
        }
        if (spec.isDense() && (sliceLength <= 0
                || (spec.size() + sliceLength - 1) / sliceLength != owners.length)) {
            throw new IllegalArgumentException("dense layout of " + spec + " does not cover the table exactly: " + owners.length
                    + " slices of " + sliceLength);
        }
    }

    @Override
    public int[] owners() {
        return owners.clone();
    }

    public String name() {
        return spec.name();
    }

    /** Number of slices (dense) or partitions (sparse). */
    public int units() {
        return owners.length;
    }

    /** Server id holding slice or partition {@code unit}. */
    public int owner(int unit) {
        return owners[unit];
    }

    /**
     * The {@code i}-th replica of unit {@code unit} ({@code 0 <= i < replicas}) in a job of {@code servers}
     * servers: {@code (owner(unit) + i) % servers}, so backups sit on the neighbouring servers, as in Li et al.
     */
    public int replica(int unit, int i, int servers) {
        return (owners[unit] + i) % servers;
    }

    /** This layout with {@code k} replicas of every unit. */
    public TableDescriptor withReplicas(int k) {
        return new TableDescriptor(id, spec, consistency, layoutVersion, sliceLength, owners, k);
    }

    /** Dense: slice holding element {@code index}. */
    public int sliceOf(long index) {
        return (int) (index / sliceLength);
    }

    /** Dense: first element of slice {@code slice}. */
    public long sliceStart(int slice) {
        return (long) slice * sliceLength;
    }

    /** Dense: number of elements in slice {@code slice}. */
    public int sliceSize(int slice) {
        return (int) Math.min(sliceLength, spec.size() - sliceStart(slice));
    }

    /** Dense: element count; sparse: floats per row. */
    public long size() {
        return spec.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableDescriptor d && id == d.id && spec.equals(d.spec) && consistency.equals(d.consistency)
                && layoutVersion == d.layoutVersion && sliceLength == d.sliceLength && Arrays.equals(owners, d.owners)
                && replicas == d.replicas;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return spec + " id=" + id + " " + consistency + " units=" + owners.length + " layout v" + layoutVersion
                + (replicas > 1 ? " replicas=" + replicas : "");
    }
}
