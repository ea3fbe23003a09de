package dev.rivulet.operators.learner;

import dev.rivulet.protocol.PolicyVersion;
import dev.rivulet.protocol.flight.PolicyClient;
import java.util.concurrent.CompletableFuture;

/** The model server's versioning calls that {@link CommitProtocol} makes (a fake in tests). */
interface CommitServer {

    CompletableFuture<PolicyVersion> version();

    CompletableFuture<PolicyVersion> rollback(long version);

    CompletableFuture<PolicyVersion> prepare(long version);

    CompletableFuture<PolicyVersion> commit(long version);

    /** Keeps the durable checkpoint of {@code version} for a rewind (a savepoint's version). */
    CompletableFuture<PolicyVersion> retain(long version);

    /** The calls over a Flight client. */
    static CommitServer of(PolicyClient client) {
        return new CommitServer() {
            @Override
            public CompletableFuture<PolicyVersion> version() {
                return client.version();
            }

            @Override
            public CompletableFuture<PolicyVersion> rollback(long version) {
                return client.rollback(version);
            }

            @Override
            public CompletableFuture<PolicyVersion> prepare(long version) {
                return client.prepare(version);
            }

            @Override
            public CompletableFuture<PolicyVersion> commit(long version) {
                return client.commit(version);
            }

            @Override
            public CompletableFuture<PolicyVersion> retain(long version) {
                return client.retain(version);
            }
        };
    }
}
