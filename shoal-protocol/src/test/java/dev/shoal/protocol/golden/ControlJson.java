package dev.shoal.protocol.golden;

import static dev.shoal.protocol.golden.GoldenFiles.JSON;
import static dev.shoal.protocol.golden.GoldenFiles.bits;
import static dev.shoal.protocol.golden.GoldenFiles.f32;
import static dev.shoal.protocol.golden.GoldenFiles.i32s;
import static dev.shoal.protocol.golden.GoldenFiles.i64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableKind;
import dev.shoal.protocol.table.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest form of the control structures (TableSpec, TableDescriptor, Consistency, ClusterView) and back:
 * field names as in docs/PROTOCOL.md, enums by name, i64 as decimal strings, f32 as bit patterns.
 *
 * <pre>{@code
 * ObjectNode body = ControlJson.spec(TableSpec.dense("w", 4, 4));
 * TableSpec back = ControlJson.specOf(body);
 * }</pre>
 */
public final class ControlJson {
    /** The kinds of a STATE body by name, as the manifest's enums give them, with their wire ids. */
    public static final Map<String, Integer> STATE_KINDS = stateKinds();

    private ControlJson() {
    }

    private static Map<String, Integer> stateKinds() {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        kinds.put("REQUEST_IDS", StateFrames.KIND_REQUEST_IDS);
        kinds.put("CLOCKS", StateFrames.KIND_CLOCKS);
        kinds.put("DENSE_RUN", StateFrames.KIND_DENSE_RUN);
        kinds.put("SPARSE_ROWS", StateFrames.KIND_SPARSE_ROWS);
        kinds.put("ROUNDS", RoundFrames.KIND_ROUNDS);
        return java.util.Collections.unmodifiableMap(kinds);
    }

    /** The name of STATE kind {@code id}, or null when there is none. */
    public static String stateKindName(int id) {
        for (Map.Entry<String, Integer> k : STATE_KINDS.entrySet()) {
            if (k.getValue() == id) {
                return k.getKey();
            }
        }
        return null;
    }

    public static ObjectNode spec(TableSpec s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", s.name());
        n.put("kind", s.kind().name());
        ArrayNode shape = n.putArray("shape");
        for (int d : s.shape()) {
            shape.add(d);
        }
        InitializerSpec i = s.initializer();
        ObjectNode init = n.putObject("initializer");
        init.put("kind", i.kind().name());
        init.put("a", bits(i.a()));
        init.put("b", bits(i.b()));
        init.put("seed", Long.toString(i.seed()));
        OptimizerSpec o = s.optimizer();
        ObjectNode opt = n.putObject("optimizer");
        opt.put("kind", o.kind().name());
        opt.put("lr", bits(o.lr()));
        opt.put("momentum", bits(o.momentum()));
        opt.put("beta1", bits(o.beta1()));
        opt.put("beta2", bits(o.beta2()));
        opt.put("eps", bits(o.eps()));
        opt.put("beta", bits(o.beta()));
        opt.put("l1", bits(o.l1()));
        opt.put("l2", bits(o.l2()));
        opt.put("initialAccumulator", bits(o.initialAccumulator()));
        if (s.consistency() == null) {
            n.putNull("consistency");
        } else {
            n.set("consistency", consistency(s.consistency()));
        }
        n.put("allowNonFinite", s.allowNonFinite());
        n.put("maxSliceBytes", s.maxSliceBytes());
        return n;
    }

    public static TableSpec specOf(JsonNode n) {
        JsonNode i = n.get("initializer");
        InitializerSpec init = new InitializerSpec(InitializerSpec.Kind.valueOf(i.get("kind").asText()),
                f32(i.get("a")), f32(i.get("b")), i64(i.get("seed")));
        JsonNode o = n.get("optimizer");
        OptimizerSpec opt = new OptimizerSpec(OptimizerSpec.Kind.valueOf(o.get("kind").asText()), f32(o.get("lr")),
                f32(o.get("momentum")), f32(o.get("beta1")), f32(o.get("beta2")), f32(o.get("eps")),
                f32(o.get("beta")), f32(o.get("l1")), f32(o.get("l2")), f32(o.get("initialAccumulator")));
        JsonNode c = n.get("consistency");
        return new TableSpec(n.get("name").asText(), TableKind.valueOf(n.get("kind").asText()), i32s(n.get("shape")),
                init, opt, c.isNull() ? null : consistencyOf(c), n.get("allowNonFinite").booleanValue(),
                n.get("maxSliceBytes").intValue());
    }

    public static ObjectNode consistency(Consistency c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mode", c.mode().name());
        n.put("staleness", c.staleness());
        return n;
    }

    public static Consistency consistencyOf(JsonNode n) {
        return new Consistency(Consistency.Mode.valueOf(n.get("mode").asText()), n.get("staleness").intValue());
    }

    public static ObjectNode descriptor(TableDescriptor d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", d.id());
        n.set("spec", spec(d.spec()));
        n.set("consistency", consistency(d.consistency()));
        n.put("layoutVersion", d.layoutVersion());
        n.put("sliceLength", d.sliceLength());
        ArrayNode owners = n.putArray("owners");
        for (int o : d.owners()) {
            owners.add(o);
        }
        n.put("replicas", d.replicas());
        return n;
    }

    public static TableDescriptor descriptorOf(JsonNode n) {
        return new TableDescriptor(n.get("id").intValue(), specOf(n.get("spec")), consistencyOf(n.get("consistency")),
                n.get("layoutVersion").intValue(), n.get("sliceLength").intValue(), i32s(n.get("owners")),
                n.get("replicas").intValue());
    }

    public static ObjectNode view(ClusterView v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("epoch", v.epoch());
        ArrayNode servers = n.putArray("servers");
        for (NodeAddress s : v.servers()) {
            servers.addObject().put("id", s.id()).put("host", s.host()).put("port", s.port());
        }
        ArrayNode live = n.putArray("liveWorkers");
        for (int w : v.liveWorkers()) {
            live.add(w);
        }
        n.put("expectedWorkers", v.expectedWorkers());
        n.set("consistency", consistency(v.consistency()));
        n.put("partitions", v.partitions());
        n.put("layoutEpoch", v.layoutEpoch());
        ArrayNode inService = n.putArray("inService");
        for (int s : v.inService()) {
            inService.add(s);
        }
        n.put("heartbeatMillis", v.heartbeatMillis());
        ArrayNode joining = n.putArray("joining");
        for (int s : v.joining()) {
            joining.add(s);
        }
        return n;
    }

    public static ClusterView viewOf(JsonNode n) {
        List<NodeAddress> servers = new ArrayList<>();
        for (JsonNode s : n.get("servers")) {
            servers.add(new NodeAddress(s.get("id").intValue(), s.get("host").asText(), s.get("port").intValue()));
        }
        return new ClusterView(n.get("epoch").intValue(), servers, i32s(n.get("liveWorkers")),
                n.get("expectedWorkers").intValue(), consistencyOf(n.get("consistency")), n.get("partitions").intValue(),
                n.get("layoutEpoch").intValue(), i32s(n.get("inService")), n.get("heartbeatMillis").intValue(),
                i32s(n.get("joining")));
    }
}
