package dev.rivulet.server.service;

import dev.rivulet.protocol.Admission;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.error.PolicyInvalidRequestException;
import dev.rivulet.server.model.PolicyConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands generation requests into one row per sample (tokenised, checked, seeded) and groups rows
 * that share sampling settings into chunks the generator decodes together.
 */
final class GenerationPlan {

    /**
     * One sequence to sample: sample {@code sampleIndex} of {@code request}.
     *
     * @param promptTokens the plain prompt's ids
     * @param contextTokens the ids the policy generates from: the plain prompt's, or the hinted
     *     context's when the request carries a hint (see {@link PromptEncoder#encodeContext})
     */
    record Row(
            GenerationRequest request,
            int sampleIndex,
            int[] promptTokens,
            int[] contextTokens,
            long seed) {

        /** A row without a hint: it generates from its prompt. */
        Row(GenerationRequest request, int sampleIndex, int[] promptTokens, long seed) {
            this(request, sampleIndex, promptTokens, promptTokens, seed);
        }

        /**
         * The prompt ids the completion reports, which the learner trains the response on: the
         * plain prompt's, also for an in-context hint (the hint is then off-policy context the
         * importance ratio corrects for); for an answer-prefix hint, the plain prompt followed by
         * the prefix. The prefix is the start of the answer the response continues, so the response
         * is trained after it (on-policy) and the prefix, being prompt, is never trained on as the
         * policy's own; trained after the plain prompt alone, the tail {@code 198} of {@code 8198}
         * would be taught as the answer to {@code 4821+3377=}.
         */
        int[] trainedPromptTokens() {
            return request.hint().isAnswerPrefix() ? contextTokens : promptTokens;
        }

        boolean greedy() {
            return request.greedy() || request.temperature() == 0f;
        }

        /** Rows with equal keys can share one generator call. */
        List<Object> key() {
            return greedy()
                    ? List.of(true, request.maxNewTokens())
                    : List.of(false, request.maxNewTokens(), request.temperature(), request.topP());
        }
    }

    private GenerationPlan() {}

    /**
     * One row per sample, in request order.
     *
     * @throws PolicyInvalidRequestException for too many sequences or a prompt {@link #check}
     *     refuses (cannot be encoded, or its tokens plus {@code maxNewTokens} exceed the context)
     */
    static List<Row> rows(
            List<GenerationRequest> requests,
            PromptEncoder encoder,
            PolicyConfig config,
            int maxSequences) {
        long total = 0;
        for (GenerationRequest r : requests) {
            total += r.numSamples();
        }
        if (total > maxSequences) {
            throw new PolicyInvalidRequestException(
                    "generate: oversized batch of "
                            + total
                            + " sequences ("
                            + requests.size()
                            + " requests); the limit is "
                            + maxSequences);
        }
        List<Row> rows = new ArrayList<>((int) total);
        for (GenerationRequest r : requests) {
            Admitted a = check(r, encoder, config);
            if (a.refusal() != null) {
                throw new PolicyInvalidRequestException(
                        "generate request " + r.requestId() + ": " + a.refusal());
            }
            for (int i = 0; i < r.numSamples(); i++) {
                rows.add(new Row(r, i, a.tokens(), a.context(), sampleSeed(r.seed(), i)));
            }
        }
        return rows;
    }

    /**
     * A request's prompt tokens and, when it cannot be served, why.
     *
     * @param tokens the encoded plain prompt; empty when it cannot be encoded
     * @param context the encoded hinted context ({@code tokens} when the request has no hint)
     * @param refusal null when servable
     */
    record Admitted(int[] tokens, int[] context, String refusal) {

        Admitted(int[] tokens, String refusal) {
            this(tokens, tokens, refusal);
        }

        Admission admission(String requestId) {
            return new Admission(requestId, tokens.length, refusal);
        }
    }

    /**
     * The admission check generate and admit share: the prompt and, with a hint, the hinted context
     * must encode ({@link PromptEncoder#encode}, {@link PromptEncoder#encodeContext}) and the
     * context's tokens plus {@code maxNewTokens} must fit the model's context.
     */
    static Admitted check(GenerationRequest r, PromptEncoder encoder, PolicyConfig config) {
        int[] prompt;
        try {
            prompt = encoder.encode(r);
        } catch (IllegalArgumentException e) {
            return new Admitted(new int[0], "cannot be tokenized: " + e.getMessage());
        }
        int[] context;
        try {
            context = encoder.encodeContext(r, prompt);
        } catch (IllegalArgumentException e) {
            return new Admitted(
                    prompt,
                    "its " + r.hint().kind() + " hint cannot be tokenized: " + e.getMessage());
        }
        if ((long) context.length + r.maxNewTokens() > config.contextLength()) {
            return new Admitted(
                    prompt,
                    context,
                    "too long: "
                            + context.length
                            + (r.hinted() ? " hinted prompt tokens + " : " prompt tokens + ")
                            + r.maxNewTokens()
                            + " new tokens > context "
                            + config.contextLength());
        }
        return new Admitted(prompt, context, null);
    }

    /** One admission per request, in order (see {@link #check}). */
    static List<Admission> admit(
            List<GenerationRequest> requests, PromptEncoder encoder, PolicyConfig config) {
        List<Admission> out = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) {
            out.add(check(r, encoder, config).admission(r.requestId()));
        }
        return out;
    }

    /** Rows grouped by sampling settings (first appearance order), split into chunks. */
    static List<List<Row>> chunks(List<Row> rows, int chunkSize) {
        Map<List<Object>, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        List<List<Row>> out = new ArrayList<>();
        for (List<Row> g : groups.values()) {
            for (int i = 0; i < g.size(); i += chunkSize) {
                out.add(g.subList(i, Math.min(g.size(), i + chunkSize)));
            }
        }
        return out;
    }

    /** The seed of sample {@code index} of a request seeded with {@code seed} (SplitMix64). */
    static long sampleSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
