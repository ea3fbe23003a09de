package dev.rivulet.algo.sampling;

import java.util.List;

/** Filters finished groups and says whether to generate again; never mutates its inputs. */
public interface SamplingPolicy {

    /**
     * Decides on one round of finished groups.
     *
     * @param groups the groups finished in this round
     * @param alreadyKept rollouts kept by earlier rounds for this micro-batch
     * @param targetSamples the micro-batch size in rollouts
     * @param extraRoundsDone extra generation rounds already run for this micro-batch
     */
    SamplingDecision decide(
            List<RolloutGroup> groups, int alreadyKept, int targetSamples, int extraRoundsDone);
}
