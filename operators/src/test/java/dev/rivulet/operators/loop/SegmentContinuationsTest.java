package dev.rivulet.operators.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.algo.advantage.SegmentValues;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;
import dev.rivulet.protocol.GenerationRequest;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import dev.rivulet.protocol.ScoredRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code segment-po} in the loop: the continuation requests of an answered call (answer prefixes
 * cut from the responses at their low-probability tokens), the cut values from their rewards, and
 * the per-token advantages of the call's rollouts, whose tokens and log-probs stay the originals'.
 */
class SegmentContinuationsTest {

    private final MemoryShardState state = new MemoryShardState();

    /** Uniform, one prompt per call, n = 2, segment-po with interval 1 and 2 continuations. */
    private static RolloutLoopConfig segmentPo(int maxResponses) {
        RolloutLoopConfig base = LoopTestData.config(1, 1, 2, false, false);
        RolloutLoopConfig.Strategies s = base.strategies();
        return new RolloutLoopConfig(
                base.endpoint(),
                new RolloutLoopConfig.Strategies(
                        s.selector(),
                        s.allocator(),
                        s.tracker(),
                        new RolloutLoopConfig.Choice(
                                "segment-po",
                                Map.of(
                                        "interval", "1",
                                        "continuations", "2",
                                        "max-responses", Integer.toString(maxResponses))),
                        s.rewardOverrides(),
                        s.dynamicSampling(),
                        s.klAdaptive(),
                        s.shaper(),
                        s.hints()),
                base.generation(),
                base.pacing(),
                base.seed());
    }

    /** A 3-token response: two characters and an end token; probabilities 0.5, 0.5, 0.99. */
    private static Completion response(GenerationRequest r, int sample, String text) {
        float lp = (float) Math.log(0.5);
        return new Completion(
                r.requestId(),
                r.promptId(),
                sample,
                new int[] {5, 6, 7},
                new int[] {11, 12, 2},
                new float[] {lp, lp, (float) Math.log(0.99)},
                text,
                0,
                FinishReason.STOP);
    }

    private static List<Completion> continuations(GenerationRequest r, String... texts) {
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(
                    new Completion(
                            r.requestId(),
                            r.promptId(),
                            i,
                            new int[] {5, 6, 7, 11},
                            new int[] {12},
                            new float[] {-1f},
                            texts[i],
                            0,
                            FinishReason.STOP));
        }
        return out;
    }

    @Test
    void cutPrefixesAreContinuedAndTheirValuesCreditTheSegments() throws Exception {
        RolloutLoopConfig config = segmentPo(8);
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("q", "arith", 2, "12+34=", "46"), state);
        InflightCall call = loop.plan(0, state).calls().get(0);
        GenerationRequest r = call.requests().get(0);
        List<Completion> group = List.of(response(r, 0, "46"), response(r, 1, "36"));

        // low tokens 0 and 1 -> marks -1 (the prompt: no cut) and 0 -> one cut after token 0
        SegmentContinuations.Plan plan = loop.continuations(call, group);
        assertThat(plan.requests()).hasSize(2);
        GenerationRequest c0 = plan.requests().get(0);
        assertThat(c0.requestId()).isEqualTo(r.requestId() + "-seg0-0");
        assertThat(c0.prompt()).isEqualTo("12+34=");
        assertThat(c0.hint()).isEqualTo(Hint.answerPrefix("4", 1));
        assertThat(c0.numSamples()).isEqualTo(2);
        assertThat(c0.maxNewTokens()).isEqualTo(r.maxNewTokens() - 1);
        GenerationRequest c1 = plan.requests().get(1);
        assertThat(c1.hint()).isEqualTo(Hint.answerPrefix("3", 1));

        // continuations: "4"+"6" right, "4"+"7" wrong -> V = 0.5; "3"+"6" twice wrong -> V = 0
        List<Completion> more = new ArrayList<>(continuations(c0, "6", "7"));
        more.addAll(continuations(c1, "6", "6"));
        ScoredCall scored = loop.finish(0, call, group, plan, more, List.of(), state);
        List<ScoredRollout> rollouts = scored.visits().get(0).visit().rollouts();
        // V0 = mean(1, 0) = 0.5. Response "46": token 0: 0.5 - 0.5 = 0; token 1: 1 - 0.5 = 0.5;
        // the end token (p 0.99 > 0.9) is masked. Response "36": token 0: 0 - 0.5 = -0.5 (the
        // wrong first digit); token 1: 0 - 0 = 0 (the second digit is not to blame)
        assertThat(rollouts.get(0).tokenAdvantages()).containsExactly(0f, 0.5f, 0f);
        assertThat(rollouts.get(1).tokenAdvantages()).containsExactly(-0.5f, 0f, 0f);
        assertThat(rollouts).extracting(ScoredRollout::advantage).containsExactly(0.5, -0.5);
        // the trained tokens and behaviour log-probs are the original responses', not the
        // continuations'; nothing is hinted
        for (ScoredRollout x : rollouts) {
            assertThat(x.promptTokens()).containsExactly(5, 6, 7);
            assertThat(x.responseTokens()).containsExactly(11, 12, 2);
            assertThat(x.hinted()).isFalse();
        }
        assertThat(scored.emitted()).isEqualTo(2);
    }

    @Test
    void valuesAverageEachCutsContinuationsAndSkipUnansweredCuts() {
        SegmentContinuations.Plan plan =
                new SegmentContinuations.Plan(
                        List.of(),
                        Map.of(
                                "r-seg0-0", new SegmentContinuations.Cut("r", 0, 0, 0, "4"),
                                "r-seg0-1", new SegmentContinuations.Cut("r", 0, 1, 2, "461"),
                                "r-seg1-0", new SegmentContinuations.Cut("r", 1, 0, 1, "46")));
        List<Completion> more = new ArrayList<>();
        GenerationRequest a =
                new GenerationRequest("r-seg0-0", "q", "12+34=", 3, 1f, 1f, 8, 1, false, "raw", "");
        GenerationRequest b =
                new GenerationRequest("r-seg0-1", "q", "12+34=", 3, 1f, 1f, 8, 1, false, "raw", "");
        more.addAll(continuations(a, "6", "6", "0")); // 2 of 3 -> 0.6667
        more.addAll(continuations(b, "", "", "")); // "461" is wrong -> 0
        // r-seg1-0 got no answer: sample 1 has no cut value
        Map<String, Map<Integer, SegmentValues>> v =
                SegmentContinuations.values(
                        plan, more, (prompt, answer) -> answer.equals("46") ? 1.0 : 0.0);
        SegmentValues s0 = v.get("r").get(0);
        assertThat(s0.cuts()).containsExactly(0, 2);
        assertThat(s0.values()[0]).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s0.values()[1]).isZero();
        assertThat(v.get("r")).doesNotContainKey(1);
    }

    @Test
    void boundsAndSkips() throws Exception {
        // max-responses 1: only sample 0 is segmented
        RolloutLoopConfig config = segmentPo(1);
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("q", "arith", 2, "12+34=", "46"), state);
        InflightCall call = loop.plan(0, state).calls().get(0);
        GenerationRequest r = call.requests().get(0);
        assertThat(
                        loop.continuations(
                                        call, List.of(response(r, 0, "46"), response(r, 1, "36")))
                                .requests())
                .extracting(GenerationRequest::requestId)
                .containsExactly(r.requestId() + "-seg0-0");
        // text not one character per token (a multi-character token): not segmented
        assertThat(loop.continuations(call, List.of(response(r, 0, "4600000"))).isEmpty()).isTrue();
        // a hinted request is not segmented
        InflightCall hinted =
                new InflightCall(9, 0, List.of(r.withHint(Hint.answerPrefix("4", 1))));
        assertThat(loop.continuations(hinted, List.of(response(r, 0, "46"))).isEmpty()).isTrue();
        // a prior call is not segmented
        InflightCall prior = new InflightCall(10, 0, List.of(r), true);
        assertThat(loop.continuations(prior, List.of(response(r, 0, "46"))).isEmpty()).isTrue();
        // without continuations (none generated, or they failed) the call scores as Dr. GRPO
        ScoredCall s =
                loop.finish(
                        0,
                        call,
                        List.of(response(r, 0, "46"), response(r, 1, "36")),
                        SegmentContinuations.Plan.EMPTY,
                        List.of(),
                        List.of(),
                        state);
        List<ScoredRollout> rollouts = s.visits().get(0).visit().rollouts();
        // V0 = 0.5, one segment: r - 0.5 on the uncertain tokens, the end token masked
        assertThat(rollouts.get(0).tokenAdvantages()).containsExactly(0.5f, 0.5f, 0f);
        assertThat(rollouts.get(1).tokenAdvantages()).containsExactly(-0.5f, -0.5f, 0f);
    }

    @Test
    void otherEstimatorsPlanNoContinuations() throws Exception {
        RolloutLoopConfig config = LoopTestData.config(1, 1, 2, false, false);
        ShardLoop loop = new ShardLoop(config, LoopStrategies.from(config), VersionGate.of(config));
        loop.admit(new Prompt("q", "arith", 2, "12+34=", "46"), state);
        InflightCall call = loop.plan(0, state).calls().get(0);
        GenerationRequest r = call.requests().get(0);
        assertThat(loop.continuations(call, List.of(response(r, 0, "46"))).isEmpty()).isTrue();
    }
}
