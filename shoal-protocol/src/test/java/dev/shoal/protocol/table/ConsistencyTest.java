package dev.shoal.protocol.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsistencyTest {

    @Test
    void parsesEveryDocumentedForm() {
        assertThat(Consistency.parse("bsp")).isEqualTo(Consistency.bsp());
        assertThat(Consistency.parse("asp")).isEqualTo(Consistency.asp());
        assertThat(Consistency.parse("ssp:3")).isEqualTo(Consistency.ssp(3));
        assertThat(Consistency.parse("ssp(3)")).isEqualTo(Consistency.ssp(3));
        assertThat(Consistency.parse("ssp:0")).isEqualTo(Consistency.ssp(0));
        assertThat(Consistency.parse(" SSP:12 ")).isEqualTo(Consistency.ssp(12));
        assertThat(Consistency.parse("BSP")).isEqualTo(Consistency.bsp());
        assertThat(Consistency.parse("ssp( 5 )")).isEqualTo(Consistency.ssp(5));
    }

    @Test
    void toStringParsesBack() {
        for (Consistency c : new Consistency[] {Consistency.bsp(), Consistency.asp(), Consistency.ssp(0),
                Consistency.ssp(7)}) {
            assertThat(Consistency.parse(c.toString())).isEqualTo(c);
        }
        assertThat(Consistency.ssp(3).toString()).isEqualTo("ssp:3");
        assertThat(Consistency.bsp().toString()).isEqualTo("bsp");
    }

    @Test
    void badInputNamesTheFormsAndEchoesTheInput() {
        for (String bad : new String[] {"", "   ", "ssp", "ssp:", "ssp()", "ssp:x", "ssp:3.5", "bspx", "sync",
                "ssp:99999999999", "as p"}) {
            assertThatThrownBy(() -> Consistency.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bsp, asp or ssp:N")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> Consistency.parse("ssp:-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void stalenessOnlyMattersForSsp() {
        assertThat(new Consistency(Consistency.Mode.BSP, 5)).isEqualTo(Consistency.bsp());
        assertThat(new Consistency(Consistency.Mode.ASP, 5).staleness()).isZero();
        assertThat(Consistency.ssp(5).staleness()).isEqualTo(5);
        assertThat(Consistency.bsp().aggregates()).isTrue();
        assertThat(Consistency.ssp(0).aggregates()).isFalse();
        assertThat(Consistency.asp().neverWaits()).isTrue();
        assertThat(Consistency.ssp(9).neverWaits()).isFalse();
        assertThatThrownBy(() -> Consistency.ssp(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("staleness must be >= 0");
        assertThatThrownBy(() -> new Consistency(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modeIdsAreWireValues() {
        assertThat(Consistency.Mode.BSP.id).isZero();
        assertThat(Consistency.Mode.SSP.id).isEqualTo(1);
        assertThat(Consistency.Mode.ASP.id).isEqualTo(2);
        for (Consistency.Mode m : Consistency.Mode.values()) {
            assertThat(Consistency.Mode.ofId(m.id)).isSameAs(m);
        }
        assertThatThrownBy(() -> Consistency.Mode.ofId(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
