package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void busyIsEverythingButIdleAndIowait() {
        CpuMeter.Sample a = CpuMeter.parse("cpu  100 0 50 800 50 0 0 0 0 0");
        CpuMeter.Sample b = CpuMeter.parse("cpu  250 0 100 850 50 0 0 0 0 0");
        assertThat(a.busy()).isEqualTo(150);
        assertThat(a.total()).isEqualTo(1000);
        assertThat(b.busySince(a)).isEqualTo(0.8);
    }

    @Test
    void anUnknownSampleGivesNaN() {
        CpuMeter.Sample unknown = new CpuMeter.Sample(-1, -1);
        assertThat(CpuMeter.parse("cpu 1 1 1 1").busySince(unknown)).isNaN();
        assertThatThrownBy(() -> CpuMeter.parse("cpu0 1 2 3 4")).hasMessageContaining("aggregate");
    }
}
