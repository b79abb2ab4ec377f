package dev.shoal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobOptionsTest {

    private static JobConfig resolve(String... args) throws IOException {
        JobOptions options = new JobOptions();
        new CommandLine(options).parseArgs(args);
        return options.resolve();
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        JobConfig job = resolve("../examples/mlp-fashion-mnist.yaml", "--epochs", "1", "--consistency", "ssp:3",
                "--optimizer", "sgd:lr=0.05,momentum=0.9", "--hidden", "128,64");
        assertThat(job.model()).isEqualTo(ModelKind.MLP);
        assertThat(job.epochs()).isEqualTo(1);
        assertThat(job.consistency()).isEqualTo(Consistency.ssp(3));
        assertThat(job.optimizer()).isEqualTo(OptimizerSpec.sgd(0.05f).withMomentum(0.9f));
        assertThat(job.hidden()).containsExactly(128, 64);
        assertThat(job.batch()).isEqualTo(64);   // from the file
    }

    @Test
    void aModelAloneStartsFromItsDefaults() throws IOException {
        JobConfig job = resolve("--model", "sparse-lr", "--data", "/tmp/spam", "--l2", "0.001");
        assertThat(job).isEqualTo(JobConfig.defaults(ModelKind.SPARSE_LR).withData(Path.of("/tmp/spam"))
                .withL2(0.001f));
    }

    @Test
    void missingOrContradictoryJobsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> resolve()).hasMessageContaining("give a job file");
        assertThatThrownBy(() -> resolve("../examples/mlp-fashion-mnist.yaml", "--model", "sparse-lr"))
                .hasMessageContaining("contradicts");
        assertThatThrownBy(() -> resolve("--model", "svm")).hasMessageContaining("unknown model 'svm'");
        assertThatThrownBy(() -> resolve("--model", "mlp", "--epochs", "0")).hasMessageContaining("epochs");
    }
}
