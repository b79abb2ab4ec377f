package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shoal.launch.LocalCluster;
import dev.shoal.ml.data.FashionMnist;
import dev.shoal.ml.data.Shards;
import dev.shoal.ml.model.Mlp;
import dev.shoal.ml.train.BatchPlan;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.MlpModel;
import dev.shoal.ml.train.ModelFile;
import dev.shoal.ml.train.ModelKind;
import dev.shoal.ml.train.TrainingJob;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.server.store.Initializers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data parallelism under BSP changes nothing but the speed: W workers, each computing on its share of every step's
 * batch, end with the parameters that one process gets by plain SGD on the union of their batches.
 *
 * <p>The reference replays in this JVM exactly which samples each worker drew (its shard, its seeded shuffle,
 * its share of the batch) and the servers' initial values, then steps once per union batch.
 */
class TrainingBspEquivalenceTest {
    private static final int STEPS = 50;
    private static final int BATCH = 64;
    private static final float LR = 0.1f;

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void bspWorkersEndWhereOneWorkerOnTheUnionBatchEnds(int workers) throws IOException {
        JobConfig job = JobConfig.defaults(ModelKind.MLP).withData(TrainingRuns.fashionMnist())
                .withBatch(BATCH).withMaxSteps(STEPS).withEpochs(1).withEvalEvery(0);
        TrainingRuns.Run run = TrainingRuns.run("mlp-equivalence-" + workers, job, 2, workers);
        float[][] trained = ModelFile.read(run.out().resolve(TrainingJob.MODEL_FILE)).arrays();
        float[][] reference = sequentialSgd(job, workers);
        assertThat(trained).hasSameDimensionsAs(reference);
        double worst = 0;
        for (int l = 0; l < reference.length; l++) {
            for (int i = 0; i < reference[l].length; i++) {
                worst = Math.max(worst, Math.abs(trained[l][i] - reference[l][i]));
            }
        }
        assertThat(worst).as("largest difference from SGD on the union batch, %d workers; run in %s", workers,
                run.out()).isLessThanOrEqualTo(1e-5);
    }

    /**
     * The same with three servers, every slice held twice, and the primary of some of them killed with SIGKILL a
     * third of the way in: its rounds fail over (the backups hold every committed round, the workers resend their
     * pushes of the rounds that were not) and the run ends where the undisturbed one does.
     */
    @Test
    void aPrimaryKilledMidRunChangesNothing() throws IOException {
        int steps = 150;
        JobConfig job = JobConfig.defaults(ModelKind.MLP).withData(TrainingRuns.fashionMnist())
                .withBatch(BATCH).withMaxSteps(steps).withEpochs(1).withEvalEvery(0);
        TrainingRuns.Run run = TrainingRuns.run("mlp-equivalence-kill", job, 3, 2, c -> {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stepReached(c, 40));
            c.kill("server-1");
        });
        float[][] trained = ModelFile.read(run.out().resolve(TrainingJob.MODEL_FILE)).arrays();
        assertThat(worstDifference(trained, sequentialSgd(job, 2, steps)))
                .as("largest difference from SGD on the union batch after a kill; run in %s", run.out())
                .isLessThanOrEqualTo(1e-5);
        Path logs = run.out().resolve("logs");
        assertThat(Files.readString(logs.resolve("coordinator.log")))
                .contains("fail over to their backups under layout epoch 2");
        assertThat(Files.readString(logs.resolve("worker-0.log")) + Files.readString(logs.resolve("worker-1.log")))
                .containsPattern("fail-over: a request was answered under layout epoch 2, \\d+ ms after its first "
                        + "failure|resending \\d+ answered push\\(es\\) of replicated BSP rounds");
    }

    /**
     * Whether worker 0 (whichever node it is: ids follow the order of joining) has reported a step at or past
     * {@code step} in its events file (it does every 250 ms).
     */
    private static boolean stepReached(LocalCluster c, int step) throws IOException {
        for (String node : List.of("worker-0", "worker-1")) {
            Path events = c.eventsDir().resolve(node + ".jsonl");
            if (Files.exists(events)) {
                Matcher m = STEP_EVENT.matcher(Files.readString(events));
                while (m.find()) {
                    if (Integer.parseInt(m.group(1)) >= step) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static final Pattern STEP_EVENT = Pattern.compile("\"event\":\"step\".*?\"step\":(\\d+)");

    private static double worstDifference(float[][] trained, float[][] reference) {
        assertThat(trained).hasSameDimensionsAs(reference);
        double worst = 0;
        for (int l = 0; l < reference.length; l++) {
            for (int i = 0; i < reference[l].length; i++) {
                worst = Math.max(worst, Math.abs(trained[l][i] - reference[l][i]));
            }
        }
        return worst;
    }

    private static float[][] sequentialSgd(JobConfig job, int workers) throws IOException {
        return sequentialSgd(job, workers, STEPS);
    }

    private static float[][] sequentialSgd(JobConfig job, int workers, int steps) throws IOException {
        FashionMnist.Split train = FashionMnist.train(job.data());
        Mlp mlp = MlpModel.network(job, train.images().imageSize());
        float[][] params = initialParameters(mlp, job.seed());
        float[][] grads = mlp.newParameters();
        Mlp.Workspace ws = mlp.workspace(BATCH);
        int n = train.images().count();
        int[][] orders = new int[workers][];
        for (int w = 0; w < workers; w++) {
            int[] shard = Shards.shard(Shards.end(n, w, workers) - Shards.start(n, w, workers), 0, 1);
            orders[w] = new int[shard.length];
            Shards.shuffle(shard, orders[w], job.seed() * 31 + w, 0);
        }
        int inputs = mlp.inputs();
        float[] x = new float[BATCH * inputs];
        int[] y = new int[BATCH];
        byte[] pixels = train.images().pixels();
        for (int step = 0; step < steps; step++) {
            int row = 0;
            for (int w = 0; w < workers; w++) {
                int local = BatchPlan.of(n, BATCH, workers, w).localBatch();
                for (int i = 0; i < local; i++, row++) {
                    int sample = Shards.start(n, w, workers) + orders[w][step * local + i];
                    for (int p = 0; p < inputs; p++) {
                        x[row * inputs + p] = (pixels[sample * inputs + p] & 0xff) / 255f;
                    }
                    y[row] = train.labels()[sample];
                }
            }
            mlp.lossAndGradient(x, y, BATCH, params, grads, ws);
            for (int l = 0; l < params.length; l++) {
                for (int i = 0; i < params[l].length; i++) {
                    params[l][i] -= LR * grads[l][i];
                }
            }
        }
        return params;
    }

    /** What the servers start from: He-normal weights from the counter-based initializer, zero biases. */
    private static float[][] initialParameters(Mlp mlp, long seed) {
        float[][] p = mlp.newParameters();
        for (int l = 0; l < mlp.layers(); l++) {
            int in = mlp.size(l);
            int out = mlp.size(l + 1);
            Initializers.fill(InitializerSpec.normal(0f, (float) Math.sqrt(2.0 / in), seed + l), p[l], 0, in * out,
                    0);
        }
        return p;
    }
}
