package dev.shoal.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringsTest {

    @Test
    void wireFormIsU16LittleEndianLengthThenUtf8() {
        ByteBuf b = Unpooled.buffer();
        Strings.write(b, "hé");
        assertThat(ByteBufUtil.getBytes(b)).containsExactly(3, 0, 'h', 0xC3 - 256, 0xA9 - 256);
    }

    @Test
    void roundTripsAssortedStringsBackToBack() {
        String[] samples = {"", "a", "127.0.0.1", "ünïcødé", "日本語テキスト", "emoji 🐟🐠", "tab\tnew\nline", "\0nul"};
        ByteBuf b = Unpooled.buffer();
        for (String s : samples) {
            Strings.write(b, s);
        }
        for (String s : samples) {
            assertThat(Strings.read(b)).isEqualTo(s);
        }
        assertThat(b.readableBytes()).isZero();
    }

    @Test
    void randomStringsRoundTrip() {
        Random rnd = new Random(5);
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(200);
            for (int k = 0; k < n; k++) {
                int cp;
                do {
                    cp = rnd.nextInt(0x30000);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            ByteBuf b = Unpooled.buffer();
            Strings.write(b, s);
            assertThat(b.getUnsignedShortLE(0)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
            assertThat(Strings.read(b)).isEqualTo(s);
            assertThat(b.readableBytes()).isZero();
        }
    }

    @Test
    void longestStringFitsAndOneByteMoreIsRefused() {
        String max = "z".repeat(Strings.MAX_BYTES);
        ByteBuf b = Unpooled.buffer();
        Strings.write(b, max);
        assertThat(b.getUnsignedShortLE(0)).isEqualTo(65535);
        assertThat(Strings.read(b)).isEqualTo(max);

        ByteBuf c = Unpooled.buffer();
        assertThatThrownBy(() -> Strings.write(c, max + "z")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536 bytes");
        // multi-byte characters count in bytes, not chars
        assertThatThrownBy(() -> Strings.write(c, "é".repeat(40_000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("80000 bytes");
        assertThat(c.writerIndex()).as("nothing written on refusal").isZero();
    }

    @Test
    void truncatedInputThrowsIndexOutOfBoundsAtEveryCut() {
        ByteBuf b = Unpooled.buffer();
        Strings.write(b, "hello, world");
        int len = b.readableBytes();
        for (int cut = 0; cut < len; cut++) {
            ByteBuf part = b.copy(0, cut);
            assertThatThrownBy(() -> Strings.read(part)).as("cut %d", cut)
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void readAdvancesReaderIndexFromANonZeroStart() {
        ByteBuf b = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3});
        Strings.write(b, "abc");
        b.writeByte(42);
        b.readerIndex(3);
        assertThat(Strings.read(b)).isEqualTo("abc");
        assertThat(b.readerIndex()).isEqualTo(8);
        assertThat(b.readByte()).isEqualTo((byte) 42);
    }
}
