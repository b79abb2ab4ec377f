package dev.shoal.ml.train;

import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.OptimizerSpec.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one-line text form of an {@link OptimizerSpec}, as written in job files, on the command line and in reports.
 *
 * <pre>{@code
 * OptimizerSpec sgd = OptimizerText.parse("sgd:lr=0.1,momentum=0.9");
 * OptimizerSpec ftrl = OptimizerText.parse("ftrl:alpha=0.1,beta=1,l1=0.001,l2=0");
 * OptimizerSpec quick = OptimizerText.parse("adam:0.001");       // a bare number is the learning rate
 * String text = OptimizerText.format(ftrl);                      // "ftrl:alpha=0.1,beta=1,l1=0.001,l2=0"
 * }</pre>
 *
 * <p>Keys per kind: {@code sgd} lr, momentum; {@code adagrad} lr, eps, initial-accumulator; {@code adam} lr,
 * beta1, beta2, eps; {@code ftrl} alpha, beta, l1, l2. The learning rate (alpha for FTRL) is required; the other
 * keys default to {@link OptimizerSpec}'s factories, and FTRL's to beta 1, l1 0, l2 0.
 *
 * <p>{@link #format} writes only the fields the kind uses, and among them omits those at their default except
 * for FTRL, whose regularisation is always spelled out because it decides what the model learns. So
 * {@code parse(format(spec))} equals {@code spec} for every spec built by the factories, and
 * {@code format(parse(text))} gives back {@code text} when it is written in that canonical form.
 *
 * <p>Hand-written on purpose, and kept when job files moved to Jackson: this is a compact one-line DSL, the same
 * on the command line ({@code --optimizer}), in job files, in {@code job.yaml} and in reports, which no YAML or
 * JSON binding writes or reads in one token; a map in a job file ({@code {kind: ftrl, alpha: 0.1}}) is bound by
 * Jackson and then built here by {@link #build}, so both forms share one set of rules.
 */
public final class OptimizerText {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private OptimizerText() {
    }

    /** Parses {@code kind:key=value,...} or {@code kind:lr}; throws an IllegalArgumentException naming the fault. */
    public static OptimizerSpec parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        Map<String, Float> params = new LinkedHashMap<>();
        if (colon >= 0) {
            String[] items = t.substring(colon + 1).split(",", -1);
            for (int i = 0; i < items.length; i++) {
                putItem(text, kind, items[i].trim(), i == 0, params);
            }
        }
        return build(kind, params);
    }

    /**
     * Builds a spec from a kind and its parameters by name, as in a job file's map form
     * {@code {kind: ftrl, alpha: 0.1, beta: 1}}.
     */
    public static OptimizerSpec build(String kind, Map<String, ? extends Number> params) {
        Kind k = kind(kind);
        List<String> valid = keys(k);
        for (String key : params.keySet()) {
            if (!valid.contains(key)) {
                throw new IllegalArgumentException("unknown " + id(k) + " parameter '" + key + "'; valid: "
                        + String.join(", ", valid));
            }
            requireFinite(key, params.get(key).floatValue());
        }
        Number lr = params.get(valid.get(0));
        if (lr == null) {
            throw new IllegalArgumentException(id(k) + " needs " + valid.get(0) + ", e.g. " + id(k) + ":"
                    + valid.get(0) + "=0.1");
        }
        return create(k, lr.floatValue(), params);
    }

    /** The canonical text of {@code spec}; see the class comment for what is omitted. */
    public static String format(OptimizerSpec spec) {
        OptimizerSpec d = create(spec.kind(), spec.lr(), Map.of());
        List<String> parts = new ArrayList<>();
        for (String key : keys(spec.kind())) {
            float v = value(spec, key);
            if (key.equals(keys(spec.kind()).get(0)) || spec.kind() == Kind.FTRL || v != value(d, key)) {
                parts.add(key + "=" + number(v));
            }
        }
        return id(spec.kind()) + ":" + String.join(",", parts);
    }

    /** The parameter names {@code kind} accepts, the learning rate first. */
    public static List<String> keys(Kind kind) {
        return switch (kind) {
            case SGD -> List.of("lr", "momentum");
            case ADAGRAD -> List.of("lr", "eps", "initial-accumulator");
            case ADAM -> List.of("lr", "beta1", "beta2", "eps");
            case FTRL -> List.of("alpha", "beta", "l1", "l2");
        };
    }

    /** The kind named {@code name} (case-insensitive). */
    public static Kind kind(String name) {
        for (Kind k : Kind.values()) {
            if (id(k).equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; valid: sgd, adagrad, adam, ftrl");
    }

    private static void putItem(String text, String kind, String item, boolean first, Map<String, Float> params) {
        int eq = item.indexOf('=');
        // only the first item may omit its key, so "sgd:0.1,0.9" cannot silently mean a momentum
        String key = eq < 0 && first ? keys(kind(kind)).get(0) : eq < 0 ? null : item.substring(0, eq).trim();
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("optimizer '" + text + "': expected key=value, got '" + item
                    + "'; valid keys: " + String.join(", ", keys(kind(kind))));
        }
        String raw = eq < 0 ? item : item.substring(eq + 1).trim();
        if (!NUMBER.matcher(raw).matches()) {
            throw new IllegalArgumentException("optimizer '" + text + "': " + key + " must be a number, got '"
                    + raw + "'");
        }
        if (params.put(key.toLowerCase(Locale.ROOT), Float.parseFloat(raw)) != null) {
            throw new IllegalArgumentException("optimizer '" + text + "': " + key + " is given twice");
        }
    }

    private static OptimizerSpec create(Kind k, float lr, Map<String, ? extends Number> p) {
        return switch (k) {
            case SGD -> OptimizerSpec.sgd(lr).withMomentum(get(p, "momentum", 0f));
            case ADAGRAD -> {
                OptimizerSpec d = OptimizerSpec.adagrad(lr);
                yield d.withEps(get(p, "eps", d.eps()))
                        .withInitialAccumulator(get(p, "initial-accumulator", d.initialAccumulator()));
            }
            case ADAM -> {
                OptimizerSpec d = OptimizerSpec.adam(lr);
                yield d.withBetas(get(p, "beta1", d.beta1()), get(p, "beta2", d.beta2()))
                        .withEps(get(p, "eps", d.eps()));
            }
            case FTRL -> OptimizerSpec.ftrl(lr, get(p, "beta", 1f), get(p, "l1", 0f), get(p, "l2", 0f));
        };
    }

    private static float value(OptimizerSpec s, String key) {
        return switch (key) {
            case "lr", "alpha" -> s.lr();
            case "momentum" -> s.momentum();
            case "eps" -> s.eps();
            case "initial-accumulator" -> s.initialAccumulator();
            case "beta1" -> s.beta1();
            case "beta2" -> s.beta2();
            case "beta" -> s.beta();
            case "l1" -> s.l1();
            case "l2" -> s.l2();
            default -> throw new IllegalStateException("no field for optimizer key " + key);
        };
    }

    private static float get(Map<String, ? extends Number> p, String key, float fallback) {
        Number v = p.get(key);
        return v == null ? fallback : v.floatValue();
    }

    private static void requireFinite(String key, float v) {
        // OptimizerSpec's range checks let NaN through (every comparison with NaN is false)
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("optimizer parameter " + key + " must be finite, got " + v);
        }
    }

    /** Shortest decimal that reads back as the same float: "0.1", "1", "1e-8" rather than "1.0E-8". */
    private static String number(float v) {
        BigDecimal d = new BigDecimal(Float.toString(v)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a == 0 || (a >= 1e-4 && a < 1e7)) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (d.precision() - d.scale() - 1);
    }

    private static String id(Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }
}
