package dev.shoal.eval.experiment;

import static dev.shoal.eval.experiment.FaultsFixture.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.eval.plot.Figure;
import dev.shoal.protocol.table.Consistency;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class FaultsPlotTest {
    private static XYChart chart(List<FaultsPart.RuleRuns> rules) {
        return FaultsPlot.chart(new Figure("t", 800, 500).xy("", "x", "y"), rules);
    }

    @Test
    void eachRulesCurvesAndKillsAreNamedByRule() {
        // the curves end at 10 s: the kill at 12 s has nothing to mark
        Map<String, XYSeries> s = chart(List.of(rule(Consistency.asp(), 5, List.of(4.0, 8.0, 12.0), 4, 2),
                rule(Consistency.bsp(), 6, List.of(3.0), 3, 2))).getSeriesMap();
        assertThat(s.keySet()).containsExactlyInAnyOrder("ASP, with kills", "ASP, no kills", "BSP, with kills",
                "BSP, no kills", "ASP kill", "ASP kill 2", "BSP kill");
        assertThat(s.get("ASP kill").getXData()).containsExactly(4.0, 4.0);
        assertThat(s.get("BSP kill").getXData()).containsExactly(3.0, 3.0);
        assertThat(s.get("ASP kill").isShowInLegend()).isTrue();
        assertThat(s.get("ASP kill 2").isShowInLegend()).isFalse();
        assertThat(s.get("ASP kill").getLineColor()).isNotEqualTo(s.get("BSP kill").getLineColor());
        assertThat(s.get("ASP, with kills").getLineColor()).isNotEqualTo(s.get("BSP, with kills").getLineColor());
    }

    @Test
    void killLinesSpanTheDrawnCurvesOnly() {
        // evaluations end at 0.95 (killed) and 0.96 (K=2); K=1's 0.97 is not drawn
        XYSeries kill = chart(List.of(rule(Consistency.bsp(), 6, List.of(3.0), 3, 2))).getSeriesMap()
                .get("BSP kill");
        assertThat(kill.getYData()[0]).isEqualTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(kill.getYData()[1]).isEqualTo(0.96, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aRuleWhoseKilledRunFailedStillShowsItsReference() {
        Map<String, XYSeries> s = chart(List.of(rule(Consistency.asp(), 5, List.of(4.0), 4, 2),
                rule(Consistency.bsp(), -1, List.of(), 3, 2))).getSeriesMap();
        assertThat(s.keySet()).contains("BSP, no kills").doesNotContain("BSP, with kills", "BSP kill");
    }

    @Test
    void thePlotIsWrittenOnlyWhenSomeRuleHasARunWithKills(@TempDir Path dir) throws IOException {
        assertThat(FaultsPlot.write(dir, List.of(rule(Consistency.bsp(), -1, List.of(), 3, 2)))).isNull();
        assertThat(dir.resolve(FaultsPlot.FILE)).doesNotExist();
        Path png = FaultsPlot.write(dir, List.of(rule(Consistency.asp(), 5, List.of(4.0), 4, 2),
                rule(Consistency.bsp(), 6, List.of(3.0), 3, 2)));
        assertThat(png).isEqualTo(dir.resolve(FaultsPlot.FILE)).isNotEmptyFile();
    }
}
