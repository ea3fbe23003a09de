package dev.rivulet.operators.source;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.protocol.flight.PolicyClient;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Asks the model server whether it can serve prompts as the RolloutLoop will send them (same
 * max-new-tokens, template and system prompt); Flink-free, used by the job's admission step and the
 * driver's start-time scan.
 *
 * @param maxNewTokens the loop's {@code max-new-tokens}
 * @param template {@code raw} or {@code chat}
 * @param systemPrompt system prompt of a chat template, {@code ""} for none
 */
public record PromptAdmission(int maxNewTokens, String template, String systemPrompt)
        implements Serializable {

    /** Raw prompts without a system prompt. */
    public static PromptAdmission raw(int maxNewTokens) {
        return new PromptAdmission(maxNewTokens, GenerationRequest.RAW, "");
    }

    /** The request the server is asked about for {@code p} (never generated). */
    public GenerationRequest request(Prompt p) {
        return new GenerationRequest(
                "admit-" + p.id(),
                p.id(),
                p.text(),
                1,
                1f,
                1f,
                maxNewTokens,
                0L,
                false,
                template,
                systemPrompt);
    }

    /** The requests for {@code prompts}, in order. */
    public List<GenerationRequest> requests(List<Prompt> prompts) {
        return prompts.stream().map(this::request).toList();
    }

    /**
     * The server's answer for one row: admitted, or refused with the server's reason; a call the
     * server refuses as a whole (invalid request) refuses the row with its message. Other failures
     * (transient) fail the future, for the caller to retry.
     */
    public CompletableFuture<AdmittedPrompt> admit(PolicyClient client, SourcedPrompt row) {
        return client.admit(List.of(request(row.prompt())))
                .handle(
                        (answers, error) -> {
                            if (error == null) {
                                Admission a = answers.get(0);
                                return new AdmittedPrompt(row, a.servable() ? "" : a.refusal());
                            }
                            Throwable cause = unwrap(error);
                            if (cause instanceof PolicyInvalidRequestException) {
                                return new AdmittedPrompt(row, cause.getMessage());
                            }
                            throw new CompletionException(cause);
                        });
    }

    /** The failure behind future wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
