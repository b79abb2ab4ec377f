package dev.shoal.ml.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

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
 * <p>Jackson's YAML binding does the reading and the writing ({@link JobKeys#YAML} onto {@link JobKeys}): unknown keys,
 * values of the wrong type (no text read as a number, no fraction cut to an integer) and keys without a value are
 * refused, and no tag can instantiate a class. A first pass over the tokens finds syntax errors, repeated keys
 * and aliases before anything is bound, and the line of every key, so that a value the job refuses
 * ({@code epochs: 0}) is reported at its line too. Every fault is one {@link JobFileException} line,
 * {@code FILE:LINE: key: what is wrong (what is allowed)}.
 */
public final class JobFile {

    /** The keys a job file may set, in the order {@link #toYaml} writes them. */
    public static final List<String> KEYS = List.of("model", "data", "epochs", "batch", "optimizer", "consistency",
            "staleness", "seed", "eval-every", "target-accuracy", "max-steps", "hidden", "hash-bits", "l2", "out");

    private final String source;
    /** The line of every key in the file, by path: {@code epochs}, {@code optimizer.alpha}. */
    private final Map<String, Integer> lines = new HashMap<>();

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
        f.scan(yaml);
        return f.job(f.bind(yaml));
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
        try {
            return "# Shoal job, written by JobFile.toYaml: every key explicit.\n"
                    + JobKeys.YAML.writeValueAsString(JobKeys.of(job));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the job as YAML: " + job, e);
        }
    }

    /**
     * Reads every token once, recording each key's line; refuses an empty file, a top level that is not a map,
     * a key set twice, an alias and a second document, and reports syntax errors at their line.
     */
    private void scan(String yaml) {
        try (JsonParser p = JobKeys.YAML.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JobFileException(source, null, 0, "the file is empty; a job needs at least 'model: mlp' "
                        + "or 'model: sparse-lr'", null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new JobFileException(source, null, lineOf(p), "expected keys such as 'model: mlp' at the top "
                        + "level, got " + found(p), null);
            }
            for (JsonToken t = p.nextToken(); t != null && !p.getParsingContext().inRoot(); t = p.nextToken()) {
                if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    throw new JobFileException(source, keyOf(p.getParsingContext()), lineOf(p), "aliases (*"
                            + p.getText() + ") are not supported; write the value itself", null);
                }
                if (t == JsonToken.FIELD_NAME && lines.put(keyOf(p.getParsingContext()), lineOf(p)) != null) {
                    throw new JobFileException(source, keyOf(p.getParsingContext()), lineOf(p), "is set twice", null);
                }
            }
            if (p.nextToken() != null) {
                throw new JobFileException(source, null, lineOf(p), "a job file holds one YAML document; remove "
                        + "the '---' and what follows, or merge the two", null);
            }
        } catch (JacksonException e) {
            throw new JobFileException(source, null, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "invalid YAML: " + problem(e), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** Binds the keys, turning Jackson's refusals into one-line faults at the key and its line. */
    private JobKeys bind(String yaml) {
        try (JsonParser p = JobKeys.YAML.createParser(yaml)) {
            try {
                return JobKeys.YAML.readValue(p, JobKeys.class);
            } catch (JsonMappingException e) {
                throw fault(e, p);
            }
        } catch (IOException e) {
            throw new JobFileException(source, null, 0, "invalid YAML: " + e.getMessage(), e);
        }
    }

    private JobFileException fault(JsonMappingException e, JsonParser p) {
        String key = keyOf(e.getPath());
        String problem = switch (e) {
            case UnrecognizedPropertyException u -> "unknown key; valid keys: " + String.join(", ", KEYS);
            case InvalidNullException n -> "has no value; write one, or leave the key out to keep the model's "
                    + "default";
            case MismatchedInputException m when m.getTargetType() != null ->
                    "expected " + expected(key, m.getTargetType()) + ", got " + found(p);
            default -> e.getCause() instanceof JacksonException cause ? cause.getOriginalMessage()
                    : e.getOriginalMessage();
        };
        return new JobFileException(source, key, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), problem,
                e);
    }

    private JobConfig job(JobKeys k) {
        if (k.model == null) {
            throw new JobFileException(source, "model", 0, "is required: mlp or sparse-lr", null);
        }
        if (k.staleness != null && k.consistency == null) {
            throw fault("staleness", "needs 'consistency: ssp' beside it");
        }
        JobConfig job = JobConfig.defaults(at("model", () -> ModelKind.parse(k.model)));
        job = set(job, "data", k.data, (j, v) -> j.withData(path(v)));
        job = set(job, "epochs", k.epochs, JobConfig::withEpochs);
        job = set(job, "batch", k.batch, JobConfig::withBatch);
        job = set(job, "optimizer", k.optimizer, (j, v) -> j.withOptimizer(optimizer(v)));
        job = set(job, "consistency", k.consistency, (j, v) -> j.withConsistency(consistency(v, k.staleness)));
        job = set(job, "seed", k.seed, JobConfig::withSeed);
        job = set(job, "eval-every", k.evalEvery, JobConfig::withEvalEvery);
        job = set(job, "target-accuracy", k.targetAccuracy, JobConfig::withTargetAccuracy);
        job = set(job, "max-steps", k.maxSteps, JobConfig::withMaxSteps);
        job = set(job, "hidden", k.hidden, JobConfig::withHidden);
        job = set(job, "hash-bits", k.hashBits, JobConfig::withHashBits);
        job = set(job, "l2", k.l2, JobConfig::withL2);
        return set(job, "out", k.out, (j, v) -> j.withOut(path(v)));
    }

    /** {@code job} with {@code value} applied, or unchanged when the file leaves the key out. */
    private <T> JobConfig set(JobConfig job, String key, T value, BiFunction<JobConfig, T, JobConfig> with) {
        return value == null ? job : at(key, () -> with.apply(job, value));
    }

    private OptimizerSpec optimizer(JsonNode v) {
        if (v.isTextual()) {
            return OptimizerText.parse(v.textValue());
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("expected the text form such as sgd:lr=0.1 or a map such as "
                    + "{kind: sgd, lr: 0.1}, got " + describe(v));
        }
        if (!v.has("kind")) {
            throw fault("optimizer", "a map needs 'kind: sgd|adagrad|adam|ftrl'");
        }
        OptimizerSpec.Kind k = at("optimizer.kind", () -> OptimizerText.kind(text(v.get("kind"))));
        Map<String, Float> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String key = "optimizer." + e.getKey();
            if (e.getKey().equals("kind")) {
                continue;
            }
            if (!OptimizerText.keys(k).contains(e.getKey())) {
                throw fault(key, "unknown " + k.name().toLowerCase(Locale.ROOT) + " parameter; valid: kind, "
                        + String.join(", ", OptimizerText.keys(k)));
            }
            params.put(e.getKey(), at(key, () -> single(e.getValue())));
        }
        return OptimizerText.build(k.name(), params);
    }

    private Consistency consistency(JsonNode v, Integer besideStaleness) {
        if (!v.isObject()) {
            return withStaleness(text(v), "staleness", besideStaleness);
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getKey().equals("mode") && !e.getKey().equals("staleness")) {
                throw fault("consistency." + e.getKey(), "unknown key; valid: mode, staleness");
            }
        }
        if (!v.has("mode") || besideStaleness != null) {
            throw fault("consistency", "a map needs 'mode: bsp|asp|ssp' (and 'staleness: N' for ssp), with no "
                    + "'staleness' key beside it");
        }
        String mode = at("consistency.mode", () -> text(v.get("mode")));
        Integer staleness = v.has("staleness") ? at("consistency.staleness", () -> integer(v.get("staleness")))
                : null;
        return withStaleness(mode, "consistency.staleness", staleness);
    }

    /** The consistency {@code mode} names, with the staleness given under {@code key} (null: none given). */
    private Consistency withStaleness(String text, String key, Integer staleness) {
        String mode = text.trim().toLowerCase(Locale.ROOT);
        if (staleness == null) {
            if (mode.equals("ssp")) {
                throw new IllegalArgumentException("ssp needs a staleness: write ssp:N (e.g. ssp:3) or add "
                        + "'staleness: N'");
            }
            return Consistency.parse(mode);
        }
        if (!mode.equals("ssp")) {
            throw fault(key, "only goes with consistency ssp, but consistency is '" + mode + "'");
        }
        return at(key, () -> Consistency.ssp(staleness));
    }

    private static Path path(String p) {
        if (p.isBlank()) {
            throw new IllegalArgumentException("the path is empty");
        }
        return Path.of(p);
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected a word, got " + describe(v));
        }
        return v.textValue();
    }

    private static int integer(JsonNode v) {
        if (!v.isInt()) {
            throw new IllegalArgumentException("expected an integer, got " + describe(v));
        }
        return v.intValue();
    }

    /** The number as a float, parsed once from its text so that it is not rounded twice (text, double, float). */
    private static float single(JsonNode v) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException("expected a number, got " + describe(v));
        }
        return Float.parseFloat(v.asText());
    }

    /** Runs {@code read}, turning its IllegalArgumentExceptions into faults at {@code key}. */
    private <T> T at(String key, Supplier<T> read) {
        try {
            return read.get();
        } catch (JobFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JobFileException(source, key, lines.getOrDefault(key, 0), e.getMessage(), e);
        }
    }

    private JobFileException fault(String key, String problem) {
        return new JobFileException(source, key, lines.getOrDefault(key, 0), problem, null);
    }

    /** What a key of this type holds, as the user would say it. */
    private static String expected(String key, Class<?> type) {
        if (type == int[].class) {
            return key.endsWith("]") ? "an integer" : "a list of layer widths such as [256] or [512, 256]";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == Float.class) {
            return "a number";
        }
        return type == String.class ? "a word or a path" : type.getSimpleName();
    }

    /** The value at the parser, as the user wrote it: {@code 'three'}, {@code a list}, {@code a map}. */
    private static String found(JsonParser p) {
        JsonToken t = p == null ? null : p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            return "a list";
        }
        if (t == JsonToken.START_OBJECT) {
            return "a map";
        }
        try {
            return t == null ? "nothing" : "'" + p.getText() + "'";
        } catch (IOException e) {
            return t.asString();
        }
    }

    private static String describe(JsonNode v) {
        return v.isArray() ? "a list" : v.isObject() ? "a map" : v.isNull() ? "no value" : "'" + v.asText() + "'";
    }

    /** The dotted path of the key the parser is at: {@code optimizer.alpha}, {@code hidden[1]}. */
    private static String keyOf(JsonStreamContext c) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext x = c; x != null && !x.inRoot(); x = x.getParent()) {
            parts.addFirst(x.inArray() ? "[" + x.getCurrentIndex() + "]" : x.getCurrentName());
        }
        return join(parts);
    }

    private static String keyOf(List<JsonMappingException.Reference> path) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonMappingException.Reference r : path) {
            parts.addLast(r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : r.getFieldName());
        }
        return parts.isEmpty() ? null : join(parts);
    }

    private static String join(Deque<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            b.append(b.isEmpty() || part.startsWith("[") ? "" : ".").append(part);
        }
        return b.toString();
    }

    private static int lineOf(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /**
     * SnakeYAML's problem without its excerpt of the file: the lines of the message that are not indented and
     * not a position ("mapping values are not allowed here"), joined with "; ".
     */
    private static String problem(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (String line : e.getOriginalMessage().split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                b.append(b.isEmpty() ? "" : "; ").append(line.strip());
            }
        }
        return b.toString();
    }
}
