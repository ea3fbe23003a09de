package dev.rivulet.protocol.fleet;

import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.GenerationRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One generation server as the {@link GeneratorPool} sees it: an address and an asynchronous
 * generate call. A call that fails because the server cannot be reached completes with a {@link
 * dev.rivulet.protocol.error.PolicyUnavailableException}.
 */
public interface GenerateEndpoint extends AutoCloseable {

    /** The address, for status and error messages. */
    String address();

    /** Generates completions for {@code requests}; the future holds all of them. */
    CompletableFuture<List<Completion>> generate(List<GenerationRequest> requests);
}
