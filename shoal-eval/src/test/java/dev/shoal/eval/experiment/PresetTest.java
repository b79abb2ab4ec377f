package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.ml.train.ModelKind;
import dev.shoal.protocol.table.OptimizerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresetTest {
    private static final Path MLP = Path.of("/data/fashion");
    private static final Path SPAM = Path.of("/data/spam");

    @Test
    void theFullGridCoversEveryWorkerServerAndNetworkCombination() {
        Preset full = Preset.named("full");
        List<RunSpec> scaling = full.scalability(MLP, 1200);
        assertThat(scaling).hasSize(4 * 3 * 2);
        assertThat(scaling).allSatisfy(r -> {
            assertThat(r.isEmulated()).isTrue();
            assertThat(r.computeMicros()).isEqualTo(1200);
            assertThat(r.job().batch()).isEqualTo(Preset.PER_WORKER_BATCH * r.workers());
        });
        assertThat(scaling).extracting(RunSpec::network).containsOnly("1gbit", "10gbit");
        assertThat(full.convergence(MLP, SPAM)).hasSize(2 * 5);
        assertThat(full.stragglers(MLP, SPAM)).hasSize(2 * 5).allSatisfy(r -> assertThat(r.straggler()).isEqualTo(4));
    }

    @Test
    void referencesMatchTheScalingRunsGlobalBatchesAndRunOnOneWorker() {
        Preset full = Preset.named("full");
        List<Integer> refBatches = full.references(MLP).stream().map(r -> r.job().batch()).toList();
        assertThat(refBatches).containsExactly(64, 128, 256, 512);
        assertThat(full.references(MLP)).allSatisfy(r -> {
            assertThat(r.workers()).isEqualTo(1);
            assertThat(r.isCalibrated()).isFalse();
            assertThat(r.isEmulated()).isFalse();
        });
    }

    @Test
    void theLearningRateGrowsWithTheGlobalBatchUpToItsCap() {
        Preset full = Preset.named("full");
        assertThat(full.scalingJob(MLP, 1).optimizer()).isEqualTo(OptimizerSpec.sgd(0.1f));
        assertThat(full.scalingJob(MLP, 2).optimizer()).isEqualTo(OptimizerSpec.sgd(0.2f));
        assertThat(full.scalingJob(MLP, 8).optimizer()).isEqualTo(OptimizerSpec.sgd(0.4f));
    }

    @Test
    void runNamesAreUniqueSoEveryRunHasItsOwnDirectory() {
        for (String name : Preset.NAMES) {
            Preset p = Preset.named(name);
            List<RunSpec> all = new ArrayList<>(p.references(MLP));
            all.addAll(p.scalability(MLP, 1000));
            all.addAll(p.convergence(MLP, SPAM));
            all.addAll(p.stragglers(MLP, SPAM));
            assertThat(all).extracting(RunSpec::name).doesNotHaveDuplicates();
        }
    }

    @Test
    void theConvergenceRunsTrainTheExamplesModelsOnTheirData() {
        List<RunSpec> runs = Preset.named("small").convergence(MLP, SPAM);
        assertThat(runs).filteredOn(r -> r.job().model() == ModelKind.MLP).allSatisfy(r ->
                assertThat(r.job().data()).isEqualTo(MLP));
        assertThat(runs).filteredOn(r -> r.job().model() == ModelKind.SPARSE_LR).allSatisfy(r ->
                assertThat(r.job().data()).isEqualTo(SPAM));
    }

    @Test
    void anUnknownPresetIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Preset.named("huge")).hasMessageContaining("huge").hasMessageContaining("small");
    }

    @Test
    void faultsRunInFullButNotInCisSmallPreset() {
        assertThat(Preset.named("small").defaultParts()).doesNotContain("faults");
        assertThat(Preset.named("full").defaultParts()).contains("faults", "scalability");
    }
}
