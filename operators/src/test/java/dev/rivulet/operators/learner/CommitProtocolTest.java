package dev.rivulet.operators.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.error.PolicyUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The commit protocol against a fake server: start, restore, prepare and commit. */
class CommitProtocolTest {

    private final List<Long> sleeps = new ArrayList<>();
    private long clock;

    private CommitProtocol protocol(CommitServer server, long restoredStart) {
        RetryPolicy retry =
                new RetryPolicy(
                        1000,
                        () -> clock,
                        millis -> {
                            sleeps.add(millis);
                            clock += millis;
                        });
        return new CommitProtocol(server, retry, 100, restoredStart);
    }

    @Test
    void aFreshStartRollsBackToTheCommittedVersionOnANewLineage() throws Exception {
        FakeCommitServer server = new FakeCommitServer(5, 3);
        CommitProtocol p = protocol(server, -1);
        p.startWithoutLearners(false);
        assertThat(server.rollbacks).containsExactly(3L);
        assertThat(p.lineage()).isEqualTo("lineage-1");
        assertThat(p.startVersion()).isEqualTo(3L);
        assertThat(p.acknowledged()).isEqualTo(3L);
        assertThat(p.prepare(1)).isEqualTo(3L);
        assertThat(server.prepares).as("a version already durable is not prepared").isEmpty();
    }

    @Test
    void aSavepointRetainsItsVersionAndACheckpointDoesNot() throws Exception {
        FakeCommitServer server = new FakeCommitServer(5, 3);
        CommitProtocol p = protocol(server, -1);
        p.startWithoutLearners(false);
        p.acknowledge(4);
        assertThat(p.prepare(1, false)).isEqualTo(4L);
        assertThat(server.retains).isEmpty();
        assertThat(p.prepare(2, true)).isEqualTo(4L);
        assertThat(server.prepares).as("prepared once").containsExactly(4L);
        assertThat(server.retains).containsExactly(4L);
    }

    @Test
    void aRestoreBeforeAnyRolloutGoesBackToTheNewestRecordedStart() throws Exception {
        assertThat(CommitProtocol.newestStart(List.of(2L, 4L, 1L))).isEqualTo(4L);
        assertThat(CommitProtocol.newestStart(List.of())).isEqualTo(-1L);
        FakeCommitServer server = new FakeCommitServer(6, 0);
        CommitProtocol p = protocol(server, 4);
        p.startWithoutLearners(true);
        assertThat(server.rollbacks).containsExactly(4L);
        assertThat(p.startVersion()).isEqualTo(4L);
    }

    @Test
    void aRestoreWithoutARecordedStartGoesBackToTheCommittedVersion() throws Exception {
        FakeCommitServer server = new FakeCommitServer(6, 2);
        protocol(server, -1).startWithoutLearners(true);
        assertThat(server.rollbacks).containsExactly(2L);
    }

    @Test
    void aRestoreWithPreparedButUncommittedVersionsRollsTheServerForward() throws Exception {
        // the server restarted at its committed version 0; checkpoints had prepared 1 and 2
        FakeCommitServer server = new FakeCommitServer(0, 0);
        CommitProtocol p = protocol(server, 2);
        p.restoreLearner(0, 2);
        assertThat(server.current).isEqualTo(2L);
        assertThat(p.acknowledged()).isEqualTo(2L);
        assertThat(p.prepare(9)).isEqualTo(2L);
        assertThat(server.prepares)
                .as("the restored version was prepared by its checkpoint")
                .isEmpty();
        p.acknowledge(3);
        assertThat(p.prepare(10)).isEqualTo(3L);
        assertThat(server.prepares).containsExactly(3L);
    }

    @Test
    void aRollbackAnsweredWithAnotherVersionFailsTheStart() {
        FakeCommitServer server = new FakeCommitServer(0, 0);
        server.rollbackAnswer = 0;
        assertThatThrownBy(() -> protocol(server, -1).restoreLearner(0, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rollback to version 2 with version 0");
    }

    @Test
    void aCheckpointThatCompletesAfterANewerOneCommitsNothing() throws Exception {
        FakeCommitServer server = new FakeCommitServer(0, 0);
        CommitProtocol p = protocol(server, -1);
        p.startWithoutLearners(false);
        p.acknowledge(1);
        p.prepare(1);
        p.acknowledge(2);
        p.prepare(2);
        p.complete(2);
        p.complete(1);
        assertThat(server.prepares).containsExactly(1L, 2L);
        assertThat(server.commits).containsExactly(2L);
    }

    @Test
    void eachCompletedCheckpointCommitsItsOwnVersion() throws Exception {
        FakeCommitServer server = new FakeCommitServer(0, 0);
        CommitProtocol p = protocol(server, -1);
        p.startWithoutLearners(false);
        p.acknowledge(1);
        p.prepare(1);
        p.acknowledge(2);
        p.prepare(2);
        p.complete(1);
        p.complete(2);
        p.complete(3); // no checkpoint 3 was taken after 2: nothing left to commit
        assertThat(server.commits).containsExactly(1L, 2L);
    }

    @Test
    void aFailedPrepareFailsTheCheckpointAndLeavesNothingToCommit() throws Exception {
        FakeCommitServer server = new FakeCommitServer(0, 0);
        CommitProtocol p = protocol(server, -1);
        p.startWithoutLearners(false);
        p.acknowledge(1);
        server.prepareFailure = new PolicyUnavailableException("down");
        assertThatThrownBy(() -> p.prepare(7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpoint 7")
                .hasMessageContaining("policy version 1");
        p.complete(7);
        assertThat(server.commits).isEmpty();
        server.prepareFailure = null;
        assertThat(p.prepare(8)).isEqualTo(1L);
        assertThat(server.prepares).as("asked again: it never became durable").containsExactly(1L);
    }

    @Test
    void anUnavailableServerIsWaitedOutAtStart() throws Exception {
        FakeCommitServer server = new FakeCommitServer(4, 4);
        server.failures.add(new PolicyUnavailableException("restarting"));
        server.failures.add(new PolicyUnavailableException("restarting"));
        protocol(server, -1).startWithoutLearners(false);
        assertThat(sleeps).containsExactly(200L, 400L);
        assertThat(server.rollbacks).containsExactly(4L);
    }

    @Test
    void aStopWaitsForTheLastCommitToAnswer() throws Exception {
        FakeCommitServer server = new FakeCommitServer(0, 0);
        CompletableFuture<PolicyVersion> slow = new CompletableFuture<>();
        server.commitAnswer = slow;
        CommitProtocol p = protocol(server, -1);
        assertThat(p.awaitCommit(10)).as("nothing pending before any commit").isTrue();
        p.startWithoutLearners(false);
        p.acknowledge(1);
        p.prepare(1);
        p.complete(1);
        assertThat(p.awaitCommit(20)).as("the commit has not answered").isFalse();
        new Thread(() -> slow.complete(server.now())).start();
        assertThat(p.awaitCommit(5_000)).isTrue();
        assertThat(server.commits).containsExactly(1L);
    }
}
