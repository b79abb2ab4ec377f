package dev.shoal.protocol.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableSpecTest {

    @Test
    void shapeProblemsNameTheTable() {
        assertThatThrownBy(() -> TableSpec.dense("fc1.weight", 784, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fc1.weight'").hasMessageContaining("non-positive").hasMessageContaining("[784, 0]");
        assertThatThrownBy(() -> TableSpec.dense("neg", -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'neg'");
        assertThatThrownBy(() -> TableSpec.dense("empty")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'empty'").hasMessageContaining("shape");
        assertThatThrownBy(() -> new TableSpec("nokind", null, new int[] {3}, null, null, null, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nokind'");
        assertThatThrownBy(() -> new TableSpec("noshape", TableKind.DENSE, null, null, null, null, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'noshape'");
        assertThatThrownBy(() -> TableSpec.dense("huge", Integer.MAX_VALUE, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'huge'")
                .hasMessageContaining("too large");
        assertThatThrownBy(() -> TableSpec.sparse("emb", TableSpec.MAX_SPARSE_DIM + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'emb'")
                .hasMessageContaining(String.valueOf(TableSpec.MAX_SPARSE_DIM));
        assertThatThrownBy(() -> new TableSpec("emb2", TableKind.SPARSE, new int[] {4, 4}, null, null, null, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'emb2'");
        assertThatThrownBy(() -> TableSpec.sparse("emb3", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'emb3'");
    }

    @Test
    void badNamesAreEchoed() {
        for (String bad : new String[] {"", "has space", "semi;colon", "ünï", "x".repeat(201)}) {
            assertThatThrownBy(() -> TableSpec.dense(bad, 3)).as("name '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'").hasMessageContaining("1..200");
        }
        assertThatThrownBy(() -> TableSpec.dense(null, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'null'");
        assertThat(TableSpec.dense("a-Z_0.9/x", 1).name()).isEqualTo("a-Z_0.9/x");
        assertThat(TableSpec.dense("x".repeat(200), 1).name()).hasSize(200);
    }

    @Test
    void badSliceLimitIsRefused() {
        for (int bytes : new int[] {1, 2, 6, 4097}) {
            assertThatThrownBy(() -> TableSpec.dense("w", 10).maxSliceBytes(bytes))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 4")
                    .hasMessageContaining(String.valueOf(bytes));
        }
    }

    @Test
    void badSliceLimitNamesTheTable() {
        assertThatThrownBy(() -> TableSpec.dense("fc2.bias", 10).maxSliceBytes(6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fc2.bias'");
    }

    @Test
    void defaultsApply() {
        TableSpec s = TableSpec.dense("w", 3, 4);
        assertThat(s.initializer()).isEqualTo(InitializerSpec.zeros());
        assertThat(s.optimizer()).isEqualTo(OptimizerSpec.sgd(0.01f));
        assertThat(s.consistency()).isNull();
        assertThat(s.allowNonFinite()).isFalse();
        assertThat(s.maxSliceBytes()).isEqualTo(TableSpec.DEFAULT_MAX_SLICE_BYTES);
        assertThat(s.maxSliceBytes(0).maxSliceBytes()).isEqualTo(TableSpec.DEFAULT_MAX_SLICE_BYTES);
        assertThat(s.maxSliceBytes(8).maxSliceBytes()).isEqualTo(8);
        assertThat(s.size()).isEqualTo(12);
        assertThat(s.isDense()).isTrue();
        assertThat(s.toString()).isEqualTo("dense table 'w' [3, 4]");

        TableSpec e = TableSpec.sparse("e", 16);
        assertThat(e.isDense()).isFalse();
        assertThat(e.dim()).isEqualTo(16);
        assertThat(e.size()).isEqualTo(16);
    }

    @Test
    void sizeOfLargeDenseTablesDoesNotOverflow() {
        TableSpec s = TableSpec.dense("big", 1 << 20, 1 << 12);
        assertThat(s.size()).isEqualTo(1L << 32);
    }

    @Test
    void shapeIsDefensivelyCopiedAndEqualityIsByValue() {
        int[] shape = {2, 3};
        TableSpec s = new TableSpec("w", TableKind.DENSE, shape, null, null, null, false, 0);
        shape[0] = 99;
        assertThat(s.shape()).containsExactly(2, 3);
        s.shape()[1] = 77;
        assertThat(s.shape()).containsExactly(2, 3);

        TableSpec same = TableSpec.dense("w", 2, 3);
        assertThat(s).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(s).isNotEqualTo(TableSpec.dense("w", 3, 2));
        assertThat(s).isNotEqualTo(same.consistency(Consistency.bsp()));
        assertThat(s).isNotEqualTo(same.optimizer(OptimizerSpec.adam(0.01f)));
        assertThat(s).isNotEqualTo(same.allowNonFinite(true));
        assertThat(s).isNotEqualTo(same.maxSliceBytes(16));
        assertThat(s).isNotEqualTo(same.initializer(InitializerSpec.constant(1f)));
    }

    @Test
    void initializerAndOptimizerValidation() {
        assertThatThrownBy(() -> InitializerSpec.uniform(1f, 0f, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("low <= high");
        assertThatThrownBy(() -> InitializerSpec.uniform(Float.NaN, 1f, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InitializerSpec.normal(0f, -1f, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stddev");
        assertThatThrownBy(() -> OptimizerSpec.sgd(0f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate");
        assertThatThrownBy(() -> OptimizerSpec.sgd(Float.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> OptimizerSpec.sgd(Float.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizerSpec.sgd(0.1f).withMomentum(1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum");
        assertThatThrownBy(() -> OptimizerSpec.adam(0.1f).withBetas(0.9f, 1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("betas");
        assertThatThrownBy(() -> OptimizerSpec.ftrl(0.1f, 1f, -1f, 0f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("l1 and l2");
    }
}
