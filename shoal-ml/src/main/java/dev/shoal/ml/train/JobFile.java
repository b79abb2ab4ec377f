package dev.shoal.ml.train;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML job file into a {@link JobConfig}, and writes one back.
 *
 * <pre>{@code
 * JobConfig job = JobFile.read(Path.of("examples/mlp-fashion-mnist.yaml"));
 * JobFile.write(job, runDir.resolve("job.yaml"));      // what every worker process is handed
 * }</pre>
 *
 * <p>A file starts from {@link JobConfig#defaults} of its {@code model} (the one required key) and overrides what
 * it sets. Keys: {@code model, data, epochs, batch, optimizer, consistency, staleness, seed, eval-every,
 * target-accuracy, max-steps, hidden, hash-bits, l2, out}. {@code optimizer} is the {@link OptimizerText} form
 * ({@code sgd:lr=0.1}) or a map ({@code {kind: ftrl, alpha: 0.1, beta: 1}}); {@code consistency} is
 * {@code bsp}, {@code asp}, {@code ssp:N}, or {@code ssp} with {@code staleness: N} beside it or inside a map
 * ({@code {mode: ssp, staleness: 3}}). Relative {@code data} and {@code out} stay relative: the caller resolves
 * them against its working directory.
 *
 * <p>The YAML is only composed into nodes and each scalar built by SnakeYAML's safe constructor, so no tag can
 * instantiate an arbitrary class. Every fault is a {@link JobFileException} naming the file, the key and the line.
 */
public final class JobFile {

    /** The keys a job file may set, in the order {@link #toYaml} writes them. */
    public static final List<String> KEYS = List.of("model", "data", "epochs", "batch", "optimizer", "consistency",
            "staleness", "seed", "eval-every", "target-accuracy", "max-steps", "hidden", "hash-bits", "l2", "out");

    private final String source;
    private final Scalars scalars = new Scalars();

    private JobFile(String source) {
        this.source = source;
    }

    /** Reads {@code file}; content errors are {@link JobFileException}s, unreadable files IOExceptions. */
    public static JobConfig read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses {@code yaml}; {@code source} names it in error messages (usually the file's path). */
    public static JobConfig parse(String yaml, String source) {
        JobFile f = new JobFile(source);
        return f.job(f.entries(f.compose(yaml), ""));
    }

    /** Writes {@code job} so that {@link #read} gives it back equal; creates the parent directories. */
    public static void write(JobConfig job, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toYaml(job));
    }

    /**
     * Every key spelled out, so the result does not depend on the reader's defaults (the sparse-LR data
     * directory depends on the environment of the machine that reads the file).
     */
    public static String toYaml(JobConfig job) {
        StringBuilder b = new StringBuilder("# Shoal job, written by JobFile.toYaml: every key explicit.\n");
        b.append("model: ").append(job.model().id()).append('\n');
        b.append("data: ").append(quote(job.data().toString())).append('\n');
        b.append("epochs: ").append(job.epochs()).append('\n');
        b.append("batch: ").append(job.batch()).append('\n');
        b.append("optimizer: ").append(quote(OptimizerText.format(job.optimizer()))).append('\n');
        b.append("consistency: ").append(quote(job.consistency().toString())).append('\n');
        b.append("seed: ").append(job.seed()).append('\n');
        b.append("eval-every: ").append(job.evalEvery()).append('\n');
        b.append("target-accuracy: ").append(job.targetAccuracy()).append('\n');
        b.append("max-steps: ").append(job.maxSteps()).append('\n');
        b.append("hidden: ").append(Arrays.stream(job.hidden()).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ", "[", "]"))).append('\n');
        b.append("hash-bits: ").append(job.hashBits()).append('\n');
        b.append("l2: ").append(job.l2()).append('\n');
        b.append("out: ").append(quote(job.out().toString())).append('\n');
        return b.toString();
    }

    private MappingNode compose(String yaml) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new JobFileException(source, null, m == null ? 0 : m.getLine() + 1,
                    "invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new JobFileException(source, null, 0, "invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new JobFileException(source, null, 0, "the file is empty; a job needs at least 'model: mlp' "
                    + "or 'model: sparse-lr'", null);
        }
        if (!(root instanceof MappingNode map)) {
            throw new JobFileException(source, null, line(root), "expected keys such as 'model: mlp' at the top "
                    + "level, got " + describe(root), null);
        }
        return map;
    }

    private JobConfig job(Map<String, NodeTuple> entries) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw fault(e.getKey(), e.getValue().getKeyNode(), "unknown key; valid keys: "
                        + String.join(", ", KEYS));
            }
        }
        NodeTuple model = entries.get("model");
        if (model == null) {
            throw new JobFileException(source, "model", 0, "is required: mlp or sparse-lr", null);
        }
        if (entries.containsKey("staleness") && !entries.containsKey("consistency")) {
            throw fault("staleness", entries.get("staleness").getKeyNode(), "needs 'consistency: ssp' beside it");
        }
        JobConfig job = JobConfig.defaults(apply("model", model.getValueNode(), n -> ModelKind.parse(text(n))));
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            JobConfig current = job;
            job = apply(e.getKey(), e.getValue().getValueNode(), n -> set(current, e.getKey(), n, entries));
        }
        return job;
    }

    private JobConfig set(JobConfig job, String key, Node v, Map<String, NodeTuple> entries) {
        return switch (key) {
            case "model", "staleness" -> job;
            case "data" -> job.withData(path(v));
            case "epochs" -> job.withEpochs(integer(v));
            case "batch" -> job.withBatch(integer(v));
            case "optimizer" -> job.withOptimizer(optimizer(v));
            case "consistency" -> job.withConsistency(consistency(v, entries.get("staleness")));
            case "seed" -> job.withSeed(longInteger(v));
            case "eval-every" -> job.withEvalEvery(integer(v));
            case "target-accuracy" -> job.withTargetAccuracy(real(v));
            case "max-steps" -> job.withMaxSteps(integer(v));
            case "hidden" -> job.withHidden(widths(v));
            case "hash-bits" -> job.withHashBits(integer(v));
            case "l2" -> job.withL2(single(v));
            case "out" -> job.withOut(path(v));
            default -> throw new IllegalStateException("key " + key + " is listed but not handled");
        };
    }

    private OptimizerSpec optimizer(Node v) {
        if (!(v instanceof MappingNode map)) {
            return OptimizerText.parse(text(v));
        }
        Map<String, NodeTuple> entries = entries(map, "optimizer.");
        NodeTuple kind = entries.remove("kind");
        if (kind == null) {
            throw fault("optimizer", v, "a map needs 'kind: sgd|adagrad|adam|ftrl'");
        }
        OptimizerSpec.Kind k = apply("optimizer.kind", kind.getValueNode(), n -> OptimizerText.kind(text(n)));
        Map<String, Float> params = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String key = "optimizer." + e.getKey();
            if (!OptimizerText.keys(k).contains(e.getKey())) {
                throw fault(key, e.getValue().getKeyNode(), "unknown " + k.name().toLowerCase(Locale.ROOT)
                        + " parameter; valid: kind, " + String.join(", ", OptimizerText.keys(k)));
            }
            params.put(e.getKey(), apply(key, e.getValue().getValueNode(), this::single));
        }
        return OptimizerText.build(k.name(), params);
    }

    private Consistency consistency(Node v, NodeTuple besideStaleness) {
        Node staleness = besideStaleness == null ? null : besideStaleness.getValueNode();
        String mode;
        if (v instanceof MappingNode map) {
            Map<String, NodeTuple> entries = entries(map, "consistency.");
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                if (!e.getKey().equals("mode") && !e.getKey().equals("staleness")) {
                    throw fault("consistency." + e.getKey(), e.getValue().getKeyNode(),
                            "unknown key; valid: mode, staleness");
                }
            }
            if (!entries.containsKey("mode") || staleness != null) {
                throw fault("consistency", v, "a map needs 'mode: bsp|asp|ssp' (and 'staleness: N' for ssp), "
                        + "with no 'staleness' key beside it");
            }
            mode = apply("consistency.mode", entries.get("mode").getValueNode(), this::text);
            staleness = entries.containsKey("staleness") ? entries.get("staleness").getValueNode() : null;
        } else {
            mode = text(v);
        }
        return withStaleness(mode.trim().toLowerCase(Locale.ROOT), staleness);
    }

    private Consistency withStaleness(String mode, Node staleness) {
        if (staleness == null) {
            if (mode.equals("ssp")) {
                throw new IllegalArgumentException("ssp needs a staleness: write ssp:N (e.g. ssp:3) or add "
                        + "'staleness: N'");
            }
            return Consistency.parse(mode);
        }
        if (!mode.equals("ssp")) {
            throw fault("staleness", staleness, "only goes with consistency ssp, but consistency is '" + mode + "'");
        }
        return apply("staleness", staleness, n -> Consistency.ssp(integer(n)));
    }

    private int[] widths(Node v) {
        if (!(v instanceof SequenceNode list)) {
            throw new IllegalArgumentException("expected a list of layer widths such as [256] or [512, 256], got "
                    + describe(v));
        }
        List<Node> items = list.getValue();
        int[] widths = new int[items.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = apply("hidden[" + i + "]", items.get(i), this::integer);
        }
        return widths;
    }

    private Path path(Node v) {
        String p = text(v);
        if (p.isBlank()) {
            throw new IllegalArgumentException("the path is empty");
        }
        return Path.of(p);
    }

    private String text(Node v) {
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
            return s.getValue();
        }
        throw new IllegalArgumentException("expected a word or a path, got " + describe(v));
    }

    private int integer(Node v) {
        Object o = scalar(v, "an integer");
        if (o instanceof Integer i) {
            return i;
        }
        if (o instanceof Long || o instanceof BigInteger) {
            throw new IllegalArgumentException(o + " is out of range for an int");
        }
        throw new IllegalArgumentException("expected an integer, got " + describe(v));
    }

    private long longInteger(Node v) {
        Object o = scalar(v, "an integer");
        if (o instanceof Integer || o instanceof Long) {
            return ((Number) o).longValue();
        }
        throw new IllegalArgumentException(o instanceof BigInteger ? o + " is out of range for a long"
                : "expected an integer, got " + describe(v));
    }

    private double real(Node v) {
        if (scalar(v, "a number") instanceof Number n && !(n instanceof BigInteger)) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("expected a number, got " + describe(v));
    }

    private float single(Node v) {
        double d = real(v);
        try {
            // parsing the text as a float avoids rounding twice (text to double to float)
            return Float.parseFloat(((ScalarNode) v).getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            return (float) d;
        }
    }

    private Object scalar(Node v, String expected) {
        if (!(v instanceof ScalarNode s)) {
            throw new IllegalArgumentException("expected " + expected + ", got " + describe(v));
        }
        if (s.getTag().equals(Tag.NULL)) {
            throw new IllegalArgumentException("has no value; expected " + expected);
        }
        try {
            return scalars.value(s);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("cannot read " + describe(v) + " (tag " + s.getTag() + ")", e);
        }
    }

    /** The entries of {@code map} by key; keys must be plain words and appear once. */
    private Map<String, NodeTuple> entries(MappingNode map, String prefix) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw fault(prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1), t.getKeyNode(),
                        "keys must be plain words, got " + describe(t.getKeyNode()));
            }
            if (entries.put(k.getValue(), t) != null) {
                throw fault(prefix + k.getValue(), k, "is set twice");
            }
        }
        return entries;
    }

    /** Runs {@code read} on {@code v}, turning its IllegalArgumentExceptions into faults at {@code key}. */
    private <T> T apply(String key, Node v, Function<Node, T> read) {
        try {
            return read.apply(v);
        } catch (JobFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JobFileException(source, key, line(v), e.getMessage(), e);
        }
    }

    private JobFileException fault(String key, Node at, String problem) {
        return new JobFileException(source, key, line(at), problem, null);
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static String describe(Node n) {
        return switch (n) {
            case ScalarNode s -> "'" + s.getValue() + "'";
            case SequenceNode q -> "a list";
            case MappingNode m -> "a map";
            default -> "a " + n.getNodeId();
        };
    }

    /** A YAML double-quoted string: paths may hold '#', ': ' or leading spaces that a plain scalar would not. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** SafeConstructor's scalar rules (ints with '_', 0x, floats, .inf) without its mapping of whole documents. */
    private static final class Scalars extends SafeConstructor {
        Scalars() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode n) {
            return constructObject(n);
        }
    }
}
