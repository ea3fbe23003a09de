package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.RankedTokens;
import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.algo.reward.ListReward;
import dev.rivulet.algo.reward.RewardFunction;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.List;

/** The {@link SampleFeatures} of completions, for the advantage strategies that read them. */
final class CompletionFeatures {

    private CompletionFeatures() {}

    /**
     * One feature set per completion, in order, with the policy version that generated it;
     * entropies are empty where the server sent none.
     */
    static List<SampleFeatures> of(List<Completion> group) {
        List<SampleFeatures> out = new ArrayList<>(group.size());
        for (Completion c : group) {
            out.add(
                    new SampleFeatures(
                            c.tokens(),
                            c.logprobs(),
                            c.entropies(),
                            c.finishReason(),
                            c.policyVersion()));
        }
        return out;
    }

    /**
     * {@link #of(List)}, plus each completion's per-rank hits and token ranks where {@code reward}
     * scores list answers by rank ({@link ListReward}) and the tokens align with the text ({@link
     * RankAlignment}).
     */
    static List<SampleFeatures> of(List<Completion> group, RewardFunction reward, Prompt prompt) {
        List<SampleFeatures> plain = of(group);
        if (!(reward instanceof ListReward list)) {
            return plain;
        }
        List<SampleFeatures> out = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            Completion c = group.get(i);
            RankedTokens ranks = RankAlignment.of(c, list.listHits(c.text(), prompt));
            out.add(ranks == null ? plain.get(i) : plain.get(i).withRanks(ranks));
        }
        return out;
    }
}
