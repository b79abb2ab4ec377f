package dev.shoal.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.table.OptimizerSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"sgd:lr=0.1", "sgd:lr=0.1,momentum=0.9", "adagrad:lr=0.05",
        "adagrad:lr=0.05,eps=1e-8,initial-accumulator=0.5", "adam:lr=0.001",
        "adam:lr=0.001,beta1=0.8,beta2=0.99,eps=1e-6",
        "ftrl:alpha=0.1,beta=1,l1=0.001,l2=0", "sgd:lr=20", "sgd:lr=1e-5", "sgd:lr=1.5e-10", "sgd:lr=2e7"})
    void canonicalTextRoundTrips(String text) {
        assertThat(OptimizerText.format(OptimizerText.parse(text))).isEqualTo(text);
    }

    @Test
    void parsesEachKindIntoTheSpecOfItsFactory() {
        assertThat(OptimizerText.parse("sgd:lr=0.1,momentum=0.9"))
                .isEqualTo(OptimizerSpec.sgd(0.1f).withMomentum(0.9f));
        assertThat(OptimizerText.parse("adagrad:lr=0.05")).isEqualTo(OptimizerSpec.adagrad(0.05f));
        assertThat(OptimizerText.parse("adam:lr=0.001,beta2=0.99"))
                .isEqualTo(OptimizerSpec.adam(0.001f).withBetas(0.9f, 0.99f));
        assertThat(OptimizerText.parse("ftrl:alpha=0.1,beta=1,l1=0.001,l2=0"))
                .isEqualTo(OptimizerSpec.ftrl(0.1f, 1f, 0.001f, 0f));
    }

    @Test
    void aBareNumberIsTheLearningRateAndSpacesAndCaseDoNotMatter() {
        assertThat(OptimizerText.parse("sgd:0.1")).isEqualTo(OptimizerSpec.sgd(0.1f));
        assertThat(OptimizerText.parse(" SGD: 0.1 , momentum = 0.5 "))
                .isEqualTo(OptimizerSpec.sgd(0.1f).withMomentum(0.5f));
        assertThat(OptimizerText.parse("ftrl:0.2")).isEqualTo(OptimizerSpec.ftrl(0.2f, 1f, 0f, 0f));
    }

    @Test
    void ftrlAlwaysSpellsOutItsRegularisation() {
        assertThat(OptimizerText.format(OptimizerSpec.ftrl(0.1f, 1f, 0f, 0f)))
                .isEqualTo("ftrl:alpha=0.1,beta=1,l1=0,l2=0");
    }

    @Test
    void formatThenParseGivesTheSameSpec() {
        for (OptimizerSpec s : new OptimizerSpec[] {OptimizerSpec.sgd(0.3f).withMomentum(0.99f),
            OptimizerSpec.adagrad(0.01f).withEps(1e-10f).withInitialAccumulator(0f), OptimizerSpec.adam(3e-4f),
            OptimizerSpec.ftrl(0.05f, 0.5f, 1e-7f, 123456.7f), OptimizerSpec.sgd(1.17549435e-38f)}) {
            assertThat(OptimizerText.parse(OptimizerText.format(s))).as(OptimizerText.format(s)).isEqualTo(s);
        }
    }

    @Test
    void buildTakesTheMapFormOfJobFiles() {
        assertThat(OptimizerText.build("ftrl", Map.of("alpha", 0.1f, "l1", 0.5f)))
                .isEqualTo(OptimizerSpec.ftrl(0.1f, 1f, 0.5f, 0f));
    }

    @Test
    void unknownKindsAndKeysListTheValidOnes() {
        assertThatThrownBy(() -> OptimizerText.parse("rmsprop:lr=0.1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rmsprop'").hasMessageContaining("sgd, adagrad, adam, ftrl");
        assertThatThrownBy(() -> OptimizerText.parse("sgd:lr=0.1,beta1=0.9"))
                .hasMessageContaining("'beta1'").hasMessageContaining("lr, momentum");
        assertThatThrownBy(() -> OptimizerText.build("ftrl", Map.of("lr", 0.1f)))
                .hasMessageContaining("'lr'").hasMessageContaining("alpha, beta, l1, l2");
    }

    @Test
    void refusesMalformedValues() {
        assertThatThrownBy(() -> OptimizerText.parse("sgd")).hasMessageContaining("needs lr");
        assertThatThrownBy(() -> OptimizerText.parse("sgd:momentum=0.9")).hasMessageContaining("needs lr");
        assertThatThrownBy(() -> OptimizerText.parse("sgd:lr=fast"))
                .hasMessageContaining("lr must be a number, got 'fast'");
        assertThatThrownBy(() -> OptimizerText.parse("sgd:0.1,0.9"))
                .hasMessageContaining("expected key=value, got '0.9'");
        assertThatThrownBy(() -> OptimizerText.parse("sgd:lr=0.1,lr=0.2")).hasMessageContaining("lr is given twice");
        assertThatThrownBy(() -> OptimizerText.build("sgd", Map.of("lr", Float.NaN))).hasMessageContaining("finite");
        assertThatThrownBy(() -> OptimizerText.parse("sgd:lr=-1")).hasMessageContaining("learning rate must be > 0");
    }
}
