package dev.shoal.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BlasEnvironmentTest {

    @Test
    void coreTypeFollowsTheWidestVectorsTheCpuHas() {
        assertThat(BlasEnvironment.coreType("fpu sse2 avx avx2 fma avx512f avx512bw avx512vl")).isEqualTo("SkylakeX");
        assertThat(BlasEnvironment.coreType("fpu sse2 avx avx2 fma")).isEqualTo("Haswell");
        assertThat(BlasEnvironment.coreType("fpu sse2 avx")).isNull();
        assertThat(BlasEnvironment.coreType("")).isNull();
    }

    @Test
    void whatTheUserSetIsKept() {
        assertThat(BlasEnvironment.missingFrom(Map.of(), "avx2 fma"))
                .containsEntry("OPENBLAS_NUM_THREADS", "1").containsEntry("OPENBLAS_CORETYPE", "Haswell");
        assertThat(BlasEnvironment.missingFrom(Map.of("OPENBLAS_NUM_THREADS", "4", "OPENBLAS_CORETYPE", "Zen"),
                "avx2 fma")).isEmpty();
    }
}
