package dev.shoal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.transport.cluster.CoordinatorSession;
import dev.shoal.transport.cluster.JoinRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node whose coordinator goes away learns it at once ({@link CoordinatorSession#coordinatorLost()}, and an
 * error in its log) instead of running on without a word; a node that leaves on its own does not.
 */
@Timeout(30)
class CoordinatorLostTest {
    private final Fixture fx = new Fixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void aNodeLearnsThatItsCoordinatorIsGone() throws Exception {
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(1, 1));
        try (CoordinatorSession worker = CoordinatorSession.join(fx.rt, JoinRequest.worker("127.0.0.1", c.port())
                .withJoinTimeout(Duration.ofSeconds(10)), v -> { })) {
            assertThat(worker.coordinatorLost()).isNotDone();

            c.close();

            worker.coordinatorLost().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void leavingIsNotLosingTheCoordinator() throws Exception {
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(1, 1));
        CoordinatorSession worker = CoordinatorSession.join(fx.rt, JoinRequest.worker("127.0.0.1", c.port())
                .withJoinTimeout(Duration.ofSeconds(10)), v -> { });

        worker.close();
        c.close();

        // A negative: give the closed connection's listeners time to (wrongly) report a loss.
        assertThatThrownBy(() -> worker.coordinatorLost().get(500, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
    }
}
