package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.SampleFeatures;
import dev.rivulet.protocol.Completion;
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
}
