package dev.shoal.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobFileTest {

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void defaultsRoundTrip(ModelKind model) {
        JobConfig job = JobConfig.defaults(model);
        assertThat(JobFile.parse(JobFile.toYaml(job), "job.yaml")).isEqualTo(job);
    }

    @Test
    void aJobWithEveryKeyChangedRoundTripsThroughAFile(@TempDir Path dir) throws IOException {
        JobConfig job = JobConfig.defaults(ModelKind.SPARSE_LR).withData(Path.of("data dir/#1: \"spam\"\\x"))
                .withEpochs(7).withBatch(128).withOptimizer(OptimizerSpec.adam(3e-4f).withBetas(0.8f, 0.95f))
                .withConsistency(Consistency.ssp(3)).withSeed(-5_000_000_000L).withEvalEvery(17)
                .withTargetAccuracy(0.123456789).withMaxSteps(999).withHidden(512, 7).withHashBits(12)
                .withL2(1e-5f).withOut(Path.of("runs/x\ty"));
        Path file = dir.resolve("sub/job.yaml");
        JobFile.write(job, file);
        assertThat(JobFile.read(file)).isEqualTo(job);
    }

    @Test
    void readsEachKeyOverTheModelDefaults() {
        JobConfig job = parse("""
                model: mlp
                data: fashion
                epochs: 2
                batch: 16
                optimizer: sgd:lr=0.5,momentum=0.9
                consistency: ssp:2
                seed: 7
                eval-every: 50
                target-accuracy: 0.9
                max-steps: 1000
                hidden: [128, 64]
                hash-bits: 16
                l2: 0.001
                out: runs/mine
                """);
        JobConfig expected = JobConfig.defaults(ModelKind.MLP).withData(Path.of("fashion")).withEpochs(2)
                .withBatch(16).withOptimizer(OptimizerSpec.sgd(0.5f).withMomentum(0.9f))
                .withConsistency(Consistency.ssp(2)).withSeed(7).withEvalEvery(50).withTargetAccuracy(0.9)
                .withMaxSteps(1000).withHidden(128, 64).withHashBits(16).withL2(0.001f)
                .withOut(Path.of("runs/mine"));
        assertThat(job).isEqualTo(expected);
        assertThat(job.data().isAbsolute()).as("relative paths stay relative").isFalse();
    }

    @Test
    void keysLeftOutKeepTheModelDefaults() {
        assertThat(parse("model: sparse-lr\nepochs: 9\n"))
                .isEqualTo(JobConfig.defaults(ModelKind.SPARSE_LR).withEpochs(9));
    }

    @Test
    void optimizerMayBeAMap() {
        JobConfig job = parse("""
                model: sparse-lr
                optimizer:
                  kind: ftrl
                  alpha: 0.05
                  l1: 0.001
                """);
        assertThat(job.optimizer()).isEqualTo(OptimizerSpec.ftrl(0.05f, 1f, 0.001f, 0f));
        assertThat(parse("model: mlp\noptimizer: {kind: adagrad, lr: 0.05, eps: 1e-8}\n").optimizer())
                .isEqualTo(OptimizerSpec.adagrad(0.05f).withEps(1e-8f));
    }

    @Test
    void aMapOptimizerWithAnUnknownParameterNamesItsLine() {
        assertThatThrownBy(() -> parse("model: mlp\noptimizer:\n  kind: sgd\n  lr: 0.1\n  alpha: 3\n"))
                .isInstanceOf(JobFileException.class)
                .hasMessageStartingWith("job.yaml:5: optimizer.alpha: unknown sgd parameter")
                .hasMessageContaining("lr, momentum");
    }

    @Test
    void sspTakesItsStalenessInlineBesideOrInAMap() {
        assertThat(parse("model: mlp\nconsistency: ssp:3\n").consistency()).isEqualTo(Consistency.ssp(3));
        assertThat(parse("model: mlp\nconsistency: ssp\nstaleness: 4\n").consistency())
                .isEqualTo(Consistency.ssp(4));
        assertThat(parse("model: mlp\nconsistency: {mode: ssp, staleness: 5}\n").consistency())
                .isEqualTo(Consistency.ssp(5));
        assertThat(parse("model: mlp\nconsistency: asp\n").consistency()).isEqualTo(Consistency.asp());
        assertThatThrownBy(() -> parse("model: mlp\nconsistency: ssp\n"))
                .hasMessageStartingWith("job.yaml:2: consistency: ssp needs a staleness");
        assertThatThrownBy(() -> parse("model: mlp\nconsistency: bsp\nstaleness: 2\n"))
                .hasMessageStartingWith("job.yaml:3: staleness: only goes with consistency ssp");
        assertThatThrownBy(() -> parse("model: mlp\nstaleness: 2\n"))
                .hasMessageStartingWith("job.yaml:2: staleness: needs 'consistency: ssp'");
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLineAndTheValidKeys() {
        assertThatThrownBy(() -> parse("model: mlp\nepochs: 2\nlearning-rate: 0.1\n"))
                .isInstanceOfSatisfying(JobFileException.class, e -> {
                    assertThat(e.file()).isEqualTo("job.yaml");
                    assertThat(e.key()).isEqualTo("learning-rate");
                    assertThat(e.line()).isEqualTo(3);
                })
                .hasMessageStartingWith("job.yaml:3: learning-rate: unknown key")
                .hasMessageContaining("optimizer").hasMessageContaining("target-accuracy");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithKeyAndLine() {
        assertThatThrownBy(() -> parse("model: mlp\n\nepochs: three\n"))
                .hasMessage("job.yaml:3: epochs: expected an integer, got 'three'");
        assertThatThrownBy(() -> parse("model: mlp\nbatch: 6.4\n")).hasMessageStartingWith("job.yaml:2: batch:");
        assertThatThrownBy(() -> parse("model: mlp\nhidden: 256\n"))
                .hasMessageStartingWith("job.yaml:2: hidden:").hasMessageContaining("[256]");
        assertThatThrownBy(() -> parse("model: mlp\nhidden:\n  - 128\n  - wide\n"))
                .hasMessageStartingWith("job.yaml:4: hidden[1]: expected an integer");
        assertThatThrownBy(() -> parse("model: mlp\ndata: [a, b]\n")).hasMessageStartingWith("job.yaml:2: data:");
        assertThatThrownBy(() -> parse("model: mlp\ntarget-accuracy: high\n"))
                .hasMessageStartingWith("job.yaml:2: target-accuracy: expected a number");
        assertThatThrownBy(() -> parse("model: mlp\nepochs:\n")).hasMessageContaining("epochs: has no value");
        assertThatThrownBy(() -> parse("model: mlp\nepochs: 3000000000\n")).hasMessageContaining("out of range");
    }

    @Test
    void aValueOutOfRangeIsRefusedWithKeyAndLine() {
        assertThatThrownBy(() -> parse("model: mlp\nepochs: 0\n")).hasMessageStartingWith("job.yaml:2: epochs:")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse("model: mlp\ntarget-accuracy: 85\n"))
                .hasMessageStartingWith("job.yaml:2: target-accuracy:");
        assertThatThrownBy(() -> parse("model: mlp\noptimizer: sgd:lr=0\n"))
                .hasMessageStartingWith("job.yaml:2: optimizer:").hasMessageContaining("learning rate");
        assertThatThrownBy(() -> parse("model: perceptron\n")).hasMessageStartingWith("job.yaml:1: model:")
                .hasMessageContaining("mlp, sparse-lr");
    }

    @Test
    void aSyntaxErrorNamesFileAndLine() {
        assertThatThrownBy(() -> parse("model: mlp\nepochs: 3\n  batch: 3\n"))
                .isInstanceOfSatisfying(JobFileException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("job.yaml:3: invalid YAML");
        assertThatThrownBy(() -> parse("model: mlp\nhidden: [256\nseed: 1\n"))
                .hasMessageStartingWith("job.yaml:3:");
    }

    @Test
    void refusesFilesThatAreNotAJob() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("epochs: 3\n")).hasMessage("job.yaml: model: is required: mlp or sparse-lr");
        assertThatThrownBy(() -> parse("- model\n")).hasMessageStartingWith("job.yaml:1:");
        assertThatThrownBy(() -> parse("model: mlp\nepochs: 1\nepochs: 2\n"))
                .hasMessage("job.yaml:3: epochs: is set twice");
    }

    @Test
    void refusesTagsThatWouldBuildJavaObjects() {
        assertThatThrownBy(() -> parse("model: mlp\ndata: !!java.io.File [\"/tmp\"]\n"))
                .isInstanceOf(JobFileException.class).hasMessageStartingWith("job.yaml:2:");
        assertThatThrownBy(() -> parse("model: mlp\nseed: !custom 3\n"))
                .isInstanceOf(JobFileException.class).hasMessageStartingWith("job.yaml:2: seed:");
    }

    @Test
    void theListedKeysAreTheBoundKeys() {
        JobKeys every = JobKeys.of(JobConfig.defaults(ModelKind.MLP));
        every.staleness = 3;
        assertThat(JobKeys.YAML.valueToTree(every).fieldNames()).toIterable().containsExactlyElementsOf(JobFile.KEYS);
    }

    @Test
    void writtenScalarsReadBackAsTheSameType() {
        JobConfig job = JobConfig.defaults(ModelKind.MLP).withData(Path.of("123")).withOut(Path.of("true"))
                .withL2(1e10f);
        String yaml = JobFile.toYaml(job);
        assertThat(yaml).contains("data: \"123\"").contains("model: mlp").doesNotContain("---");
        assertThat(JobFile.parse(yaml, "job.yaml")).isEqualTo(job);
    }

    @Test
    void textIsNotReadAsANumberNorANumberAsText() {
        assertThatThrownBy(() -> parse("model: mlp\nepochs: \"3\"\n"))
                .hasMessage("job.yaml:2: epochs: expected an integer, got '3'");
        assertThatThrownBy(() -> parse("model: mlp\ndata: 3\n"))
                .hasMessage("job.yaml:2: data: expected a word or a path, got '3'");
        assertThat(parse("model: mlp\ntarget-accuracy: 1\n").targetAccuracy()).isEqualTo(1.0);
    }

    @Test
    void aliasesAndASecondDocumentAreRefused() {
        assertThatThrownBy(() -> parse("model: mlp\ndata: &d x\nout: *d\n"))
                .hasMessageStartingWith("job.yaml:3: out: aliases (*d) are not supported");
        assertThatThrownBy(() -> parse("model: mlp\n---\nmodel: sparse-lr\n"))
                .hasMessageStartingWith("job.yaml:3: a job file holds one YAML document");
    }

    @Test
    void faultsInsideMapsNameTheNestedKey() {
        assertThatThrownBy(() -> parse("model: mlp\nconsistency:\n  mode: ssp\n  staleness: x\n"))
                .hasMessage("job.yaml:4: consistency.staleness: expected an integer, got 'x'");
        assertThatThrownBy(() -> parse("model: mlp\noptimizer:\n  kind: sgd\n  lr: 0.1\n  lr: 0.2\n"))
                .hasMessage("job.yaml:5: optimizer.lr: is set twice");
        assertThatThrownBy(() -> parse("model: mlp\nhidden: [64, null]\n"))
                .hasMessageStartingWith("job.yaml:2: hidden[1]: has no value");
    }

    @Test
    void theExamplesAreValidJobs() throws IOException {
        Path mlpFile = Path.of("../examples/mlp-fashion-mnist.yaml");
        assertThat(Files.readString(mlpFile)).contains("#");
        JobConfig mlp = JobFile.read(mlpFile);
        assertThat(mlp).isEqualTo(JobConfig.defaults(ModelKind.MLP)
                .withData(Path.of("/usr/share/datasets/fashion-mnist")).withHidden(256).withEpochs(3).withBatch(64)
                .withOptimizer(OptimizerSpec.sgd(0.1f))
                .withConsistency(Consistency.bsp()).withEvalEvery(100).withTargetAccuracy(0.85).withSeed(42));
        JobConfig spam = JobFile.read(Path.of("../examples/sparse-lr-spam.yaml"));
        assertThat(spam.data()).isEqualTo(DataPaths.spamAssassin());
        assertThat(spam).isEqualTo(JobConfig.defaults(ModelKind.SPARSE_LR).withBatch(8).withEpochs(5)
                .withHashBits(20).withOptimizer(OptimizerSpec.ftrl(30f, 0.1f, 0f, 0f)).withConsistency(Consistency.bsp())
                .withTargetAccuracy(0.987));
    }

    private static JobConfig parse(String yaml) {
        return JobFile.parse(yaml, "job.yaml");
    }
}
