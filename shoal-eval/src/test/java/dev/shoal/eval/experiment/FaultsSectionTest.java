package dev.shoal.eval.experiment;

import static dev.shoal.eval.experiment.FaultsFixture.rule;
import static dev.shoal.eval.experiment.FaultsFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.transport.json.Json;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class FaultsSectionTest {
    /** ASP: K=2 twice as slow as K=1; BSP: K=2 5 % slower, within the goal. */
    private static FaultsPart.Results both() {
        return new FaultsPart.Results(List.of(rule(Consistency.asp(), 5.0, List.of(4.0, 8.5), 4.0, 2.0),
                rule(Consistency.bsp(), 6.0, List.of(4.2), 2.1, 2.0)), null, List.of());
    }

    @Test
    void costIsTimeThroughputAndPushRateAgainstK1() {
        RunResult k1 = run(2.0);
        FaultsSection.Cost c = FaultsSection.cost("K=2", run(4.0), k1);
        assertThat(c.trainSeconds()).isEqualTo(4.0);
        assertThat(c.msPerStep()).isEqualTo(40.0, Offset.offset(1e-9));
        assertThat(c.samplesPerSecond()).isEqualTo(1600, Offset.offset(1e-9));
        assertThat(c.pushMBps()).isEqualTo(500, Offset.offset(1e-9));
        assertThat(c.relative()).isEqualTo(0.5, Offset.offset(1e-12));
        assertThat(FaultsSection.costRow("BSP", c)).containsExactly("BSP", "K=2", "4.00", "40.000", "1600", "500.0",
                "50.0 %", "90.0 %");
        assertThat(FaultsSection.costRow("BSP", c)).hasSameSizeAs(FaultsSection.COST_HEADER);
    }

    @Test
    void withoutAK1RunTheRelativeThroughputIsADash() {
        FaultsSection.Cost c = FaultsSection.cost("K=2", run(4.0), null);
        assertThat(FaultsSection.costRow("ASP", c).get(6)).isEqualTo("-");
    }

    @Test
    void killsAreListedToATenthOfASecond() {
        assertThat(FaultsSection.killList(List.of(5.14, 10.26))).isEqualTo("5.1, 10.3 s");
        assertThat(FaultsSection.killList(List.of())).isEqualTo("none");
    }

    @Test
    void theRatioIsK2OverK1AndWithinTheGoalOnlyWhenBothFiguresAre() {
        FaultsSection.Ratio slow = FaultsSection.ratio(rule(Consistency.bsp(), 5, List.of(), 4.0, 2.0));
        assertThat(slow.samplesPerSecond()).isEqualTo(0.5, Offset.offset(1e-12));
        assertThat(slow.trainSeconds()).isEqualTo(2.0, Offset.offset(1e-12));
        assertThat(slow.withinGoal()).isFalse();
        assertThat(FaultsSection.ratio(rule(Consistency.bsp(), 5, List.of(), 2.1, 2.0)).withinGoal()).isTrue();
        assertThat(FaultsSection.ratio(rule(Consistency.bsp(), 5, List.of(), 2.3, 2.0)).withinGoal()).isFalse();
        assertThat(FaultsSection.ratio(rule(Consistency.bsp(), 5, List.of(), 2.1, -1))).isNull();
    }

    @Test
    void aSlowerSteadyStepMissesTheGoalEvenWhenTheTrainingTimeIsWithin() {
        // 5 % more training time, but 50 % more time per steady step: 67 % of K=1's samples/s
        FaultsPart.RuleRuns r = new FaultsPart.RuleRuns(Consistency.bsp(), null,
                FaultsFixture.run(Consistency.bsp(), "faults-bsp-k2", 2.1, 0.9, 0.03),
                FaultsFixture.run(Consistency.bsp(), "faults-bsp-k1", 2.0, 0.9, 0.02));
        FaultsSection.Ratio q = FaultsSection.ratio(r);
        assertThat(q.trainSeconds()).isEqualTo(1.05, Offset.offset(1e-9));
        assertThat(q.samplesPerSecond()).isEqualTo(2.0 / 3, Offset.offset(1e-9));
        assertThat(q.withinGoal()).isFalse();
    }

    @Test
    void withNothingMeasuredTheSectionHasNoTablesAndNoLongerSaysBspIsNotRun() {
        String md = FaultsSection.markdown(new FaultsPart.Results(List.of(), null, List.of()), null);
        assertThat(md).startsWith("## Faults").doesNotContain("not replicated").doesNotContain("| rule |");
    }

    @Test
    void theRunsTableHasEachRulesThreeRunsAspFirst() {
        String md = FaultsSection.markdown(both(), "faults.png");
        assertThat(md).contains("| ASP | K=2, kills | 2 at 4.0, 8.5 s | 5.00 | 1280 | 95.0 % |")
                .contains("| BSP | K=2, kills | 1 at 4.2 s | 6.00 |").contains("| BSP | K=1 | none | 2.00 | 3200 |")
                .contains("![faults.png](faults.png)").doesNotContain("Not run");
        assertThat(md.indexOf("| ASP | K=1 | none")).isPositive().isLessThan(md.indexOf("| BSP | K=2, kills"));
    }

    @Test
    void theCostTableHasK1ThenK2PerRuleAndSaysWhetherBspMeetsTheGoal() {
        String md = FaultsSection.markdown(both(), null);
        assertThat(md.indexOf("| ASP | K=1 | 2.00")).isPositive().isLessThan(md.indexOf("| ASP | K=2 | 4.00"));
        assertThat(md.indexOf("| BSP | K=1 | 2.00")).isPositive().isLessThan(md.indexOf("| BSP | K=2 | 2.10"));
        assertThat(md).contains("- ASP, K=2 / K=1: samples/s 50.0 %, training time 200.0 %: not within 10 %")
                .contains("- BSP, K=2 / K=1: samples/s 95.2 %, training time 105.0 %: the goal (K=2 within 10 % of "
                        + "K=1) is met");
        String slow = FaultsSection.markdown(new FaultsPart.Results(
                List.of(rule(Consistency.bsp(), 6, List.of(), 3.0, 2.0)), null, List.of()), null);
        assertThat(slow).contains("is not met");
    }

    @Test
    void aFailedRunKeepsItsRowAndIsNamed() {
        FaultsPart.Results r = new FaultsPart.Results(List.of(rule(Consistency.bsp(), -1, List.of(), 2.1, 2.0)),
                null, List.of("faults-bsp-k2-kills: a worker exited with code 1"));
        String md = FaultsSection.markdown(r, null);
        assertThat(md).contains("| BSP | K=2, kills (failed) | - | - | - | - |")
                .contains("- faults-bsp-k2-kills: a worker exited with code 1");
    }

    @Test
    void theJsonKeepsAspsFieldsAndAddsBsps() throws Exception {
        JsonNode j = Json.MAPPER.readTree(FaultsSection.json(both()));
        assertThat(j.get("killSeconds").toString()).isEqualTo("[4.0,8.5]");
        assertThat(j.get("replication").get(0).get("replication").asText()).isEqualTo("K=1");
        assertThat(j.get("replication").get(1).get("trainSeconds").asDouble()).isEqualTo(4.0);
        assertThat(j.get("replicationRatio").get("withinGoal").asBoolean()).isFalse();
        assertThat(j.get("bspKillSeconds").toString()).isEqualTo("[4.2]");
        assertThat(j.get("bspReplication").get(1).get("trainSeconds").asDouble()).isEqualTo(2.1);
        assertThat(j.get("bspReplicationRatio").get("trainSeconds").asDouble()).isEqualTo(1.05, Offset.offset(1e-9));
        assertThat(j.get("bspReplicationRatio").get("withinGoal").asBoolean()).isTrue();
        assertThat(j.get("runs")).hasSize(6);
        assertThat(j.get("runs").get(3).get("rule").asText()).isEqualTo("bsp");
        assertThat(j.get("runs").get(3).get("run").asText()).isEqualTo("K=2, kills");
        assertThat(j.get("failover").isNull()).isTrue();
    }
}
