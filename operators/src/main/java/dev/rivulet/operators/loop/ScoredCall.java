package dev.rivulet.operators.loop;

import dev.rivulet.operators.telemetry.RolloutEvent;
import dev.rivulet.protocol.ScoredRollout;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * What an answered call produced: one scored visit per served prompt, in request order, and the
 * figures the loop's gauges and version gate read from them.
 */
record ScoredCall(List<Visit> visits) {

    /** The visit of one prompt of the call. */
    record Visit(String promptId, ScoredVisit visit) {}

    ScoredCall {
        visits = List.copyOf(visits);
    }

    /** Rollouts emitted for the learner (dropped groups emit none). */
    long emitted() {
        return visits.stream().mapToLong(v -> v.visit().rollouts().size()).sum();
    }

    /** Rollouts generated: one telemetry event each (prior samples and dropped groups too). */
    long generated() {
        return events().count();
    }

    /** Groups that dynamic sampling dropped (not those replaced by a hinted regeneration). */
    long dropped() {
        return visits.stream().filter(v -> v.visit().dropped() && !v.visit().regenerate()).count();
    }

    /** Groups replaced by a hinted regeneration (Guide): generated, not trained on. */
    long regenerated() {
        return visits.stream().filter(v -> v.visit().regenerate()).count();
    }

    /** The newest policy version among the emitted rollouts, 0 when none. */
    long maxRolloutVersion() {
        return visits.stream()
                .flatMap(v -> v.visit().rollouts().stream())
                .mapToLong(ScoredRollout::policyVersion)
                .max()
                .orElse(0);
    }

    /** The newest policy version among the telemetry events (dropped groups too), 0 when none. */
    long maxEventVersion() {
        return events().mapToLong(RolloutEvent::policyVersion).max().orElse(0);
    }

    /** The mean reward of every sample of the call, empty when it produced none. */
    OptionalDouble rewardMean() {
        double sum = 0;
        long count = 0;
        for (RolloutEvent e : events().toList()) {
            sum += e.reward();
            count++;
        }
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
    }

    /** The rollout count of the last visited prompt, empty when no prompt was visited. */
    OptionalDouble lastRolloutsPerPrompt() {
        return visits.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(visits.get(visits.size() - 1).visit().next().rollouts());
    }

    /** The telemetry event of every sample of the call (prior samples and dropped groups too). */
    Stream<RolloutEvent> events() {
        return visits.stream().flatMap(v -> v.visit().events().stream());
    }
}
