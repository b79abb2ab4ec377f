package dev.shoal.eval.experiment;

import static dev.shoal.eval.experiment.FaultsFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.table.Consistency;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsPartTest {
    @Test
    void bothRulesRunAspFirst() {
        assertThat(FaultsPart.RULES).containsExactly(Consistency.asp(), Consistency.bsp());
    }

    @Test
    void thePartAnnouncesThreeRunsPerRuleAndTheFailOverTrials() {
        assertThat(FaultsPart.planned()).isEqualTo(7);
    }

    @Test
    void theFinishedRunsOfEveryRuleAreListedAndTheFailedLeftOut() {
        FaultsPart.RuleRuns asp = rule(Consistency.asp(), 5, List.of(4.0), 4, 2);
        FaultsPart.RuleRuns bsp = rule(Consistency.bsp(), -1, List.of(), 3, 2);
        FaultsPart.Results r = new FaultsPart.Results(List.of(asp, bsp), null, List.of("faults-bsp-k2-kills: x"));
        assertThat(r.runs()).extracting(x -> x.spec().name()).containsExactly("faults-asp-k2-kills",
                "faults-asp-k2", "faults-asp-k1", "faults-bsp-k2", "faults-bsp-k1");
        assertThat(r.rule(Consistency.Mode.BSP)).isSameAs(bsp);
        assertThat(r.rule(Consistency.Mode.SSP)).isNull();
        assertThat(bsp.label()).isEqualTo("BSP");
    }
}
