package dev.shoal.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void everyCodeBecomesOneSubclassCarryingThatCode() {
        Map<Class<?>, Set<ErrorCode>> codesByClass = new HashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            ShoalException e = Errors.of(code, "m");
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getClass()).isNotEqualTo(ShoalException.class);
            assertThat(e.getMessage()).isEqualTo("m");
            codesByClass.computeIfAbsent(e.getClass(), k -> EnumSet.noneOf(ErrorCode.class)).add(code);
        }
        // Only the four stream-level codes share a class; every other code has its own.
        codesByClass.forEach((cls, codes) -> {
            if (cls != ProtocolViolationException.class) {
                assertThat(codes).as(cls.getSimpleName()).hasSize(1);
            }
        });
        assertThat(codesByClass.get(ProtocolViolationException.class)).containsExactlyInAnyOrder(
                ErrorCode.MALFORMED_FRAME, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.UNKNOWN_TYPE,
                ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void retriableAreTheCodesWhereTheClusterMayChangeNotTheRequest() {
        Set<ErrorCode> retriable = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (code.retriable) {
                retriable.add(code);
            }
        }
        assertThat(retriable).containsExactlyInAnyOrder(ErrorCode.NOT_OWNER, ErrorCode.CLUSTER_NOT_READY,
                ErrorCode.UNREACHABLE, ErrorCode.CONNECTION_CLOSED, ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE,
                ErrorCode.STALE_EPOCH);
        assertThat(Errors.of(ErrorCode.NOT_OWNER, "m").retriable()).isTrue();
        assertThat(Errors.of(ErrorCode.STALE_EPOCH, "m")).isInstanceOf(StaleEpochException.class);
        assertThat(Errors.of(ErrorCode.STALE_EPOCH, "m").retriable()).isTrue();
        assertThat(ErrorCode.STALE_EPOCH.fatalToConnection).isFalse();
        assertThat(Errors.of(ErrorCode.SHAPE_MISMATCH, "m").retriable()).isFalse();
        assertThat(Errors.of(ErrorCode.NON_FINITE_GRADIENT, "m").retriable()).isFalse();
        assertThat(Errors.of(ErrorCode.UNKNOWN_TABLE, "m").retriable()).isFalse();
    }

    @Test
    void aTimeoutIsRetriableOnlyForAnIdempotentRequest() {
        assertThat(new RequestTimeoutException(MessageType.PULL_DENSE, "m").retriable()).isTrue();
        assertThat(new RequestTimeoutException(MessageType.PUSH_SPARSE, "m").retriable()).isTrue();
        assertThat(new RequestTimeoutException(MessageType.REGISTER, "m").retriable()).isFalse();
        assertThat(Errors.of(ErrorCode.TIMEOUT, "from a peer").retriable()).isFalse();
    }

    @Test
    void rethrowableKeepsTypeCodeAndMessageAndChainsTheOriginal() {
        RequestTimeoutException original = new RequestTimeoutException(MessageType.CLOCK, "late");
        ShoalException copy = Errors.rethrowable(original);
        assertThat(copy).isInstanceOf(RequestTimeoutException.class).hasMessage("late").hasCause(original);
        assertThat(((RequestTimeoutException) copy).type()).isEqualTo(MessageType.CLOCK);
        assertThat(copy.retriable()).isTrue();
        assertThat(Errors.rethrowable(Errors.of(ErrorCode.NOT_OWNER, "moved"))).isInstanceOf(NotOwnerException.class);
    }

    @Test
    void anInterruptKeepsTheThreadsFlag() {
        try {
            ShoalInterruptedException e = new ShoalInterruptedException("stop", new InterruptedException());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(e).isNotInstanceOf(ShoalException.class);
        } finally {
            Thread.interrupted();
        }
    }
}
