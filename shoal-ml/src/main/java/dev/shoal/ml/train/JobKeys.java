package dev.shoal.ml.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A job file's keys as Jackson binds them: one field per key (kebab-case in the file), null where the file leaves
 * the key out, so that {@link JobFile} can start from the model's defaults and override only what is set.
 *
 * <pre>{@code
 * JobKeys keys = JobKeys.YAML.readValue(parser, JobKeys.class);   // model: mlp\nepochs: 3 -> epochs == 3
 * String yaml = JobKeys.YAML.writeValueAsString(JobKeys.of(job)); // every key spelled out
 * }</pre>
 *
 * <p>A class with fields rather than a record because Jackson must tell a key left out (the field stays null)
 * from a key without a value ({@code epochs:}, refused by {@link JobFile}); a record's constructor cannot.
 * {@code optimizer} and {@code consistency} are trees because each is either a word ({@code sgd:lr=0.1},
 * {@code ssp:3}) or a map ({@code {kind: ftrl, alpha: 0.1}}); {@link JobFile} reads them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class JobKeys {
    /**
     * The mapper of job files. Strict on reading: an unknown key, a key without a value, text where a number
     * belongs ({@code epochs: "3"}, or a tagged {@code !custom 3}), a number where a word belongs and a fraction
     * where an integer belongs ({@code batch: 6.4}, which Jackson would otherwise cut to 6) are all refused. On
     * writing, scalars are plain unless YAML would read them back as something else ({@code "123"}).
     */
    static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .defaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String,
                    CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    public String model;
    public String data;
    public Integer epochs;
    public Integer batch;
    public JsonNode optimizer;
    public JsonNode consistency;
    public Integer staleness;
    public Long seed;
    public Integer evalEvery;
    public Double targetAccuracy;
    public Integer maxSteps;
    public int[] hidden;
    public Integer hashBits;
    public Float l2;
    public String out;

    /** Every key of {@code job} (staleness inside {@code consistency}: {@code ssp:3}). */
    static JobKeys of(JobConfig job) {
        JobKeys k = new JobKeys();
        k.model = job.model().id();
        k.data = job.data().toString();
        k.epochs = job.epochs();
        k.batch = job.batch();
        k.optimizer = TextNode.valueOf(OptimizerText.format(job.optimizer()));
        k.consistency = TextNode.valueOf(job.consistency().toString());
        k.seed = job.seed();
        k.evalEvery = job.evalEvery();
        k.targetAccuracy = job.targetAccuracy();
        k.maxSteps = job.maxSteps();
        k.hidden = job.hidden();
        k.hashBits = job.hashBits();
        k.l2 = job.l2();
        k.out = job.out().toString();
        return k;
    }
}
