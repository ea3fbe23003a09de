package dev.rivulet.algo.replay;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * VL-Rethinker's selective sample replay (SSR): the batch is drawn from the eligible entries with
 * non-zero advantage, each draw with probability ∝ |A|^α, without replacement (Efraimidis–Spirakis
 * keys ln(u)/|A|^α); entries with A = 0 come only after every non-zero one, oldest first. Reuse is
 * bounded by {@code max-reuse}, age by {@code max-staleness}, as for {@code fifo}.
 *
 * <p>The draw is a deterministic function of (rollout id, times used, current version), so a
 * restored learner draws the same batch and the order changes from one policy version to the next.
 */
public final class SsrReplay implements ReplayPolicy {

    static final OptionSpec ALPHA =
            OptionSpec.ofDouble(
                            "alpha",
                            1.0,
                            "Prioritisation exponent: P(replay) is proportional to |A|^alpha (the"
                                    + " authors' code samples proportional to |A|, alpha = 1).")
                    .above(0);

    private final ReplayLimits limits;
    private final double alpha;

    public SsrReplay(int maxStaleness, int maxReuse, double alpha) {
        this(new ReplayLimits(maxStaleness, maxReuse), alpha);
    }

    SsrReplay(ReplayLimits limits, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("option 'alpha' must be > 0, got " + alpha);
        }
        this.limits = limits;
        this.alpha = alpha;
    }

    /** The replay weight |A|^α of an advantage; 0 for A = 0. */
    public double weight(double advantage) {
        if (!Double.isFinite(advantage)) {
            throw new IllegalArgumentException("ssr needs a finite advantage, got " + advantage);
        }
        return advantage == 0 ? 0 : Math.pow(Math.abs(advantage), alpha);
    }

    /** The Efraimidis–Spirakis key ln(u)/w for u in (0, 1]; −∞ for weight 0. */
    static double key(double u, double weight) {
        return weight == 0 ? Double.NEGATIVE_INFINITY : Math.log(u) / weight;
    }

    /** A uniform number in (0, 1] fixed by the entry's id, its uses and the current version. */
    static double uniform(BufferEntry e, long currentVersion) {
        long h = 0xcbf29ce484222325L;
        for (byte b : e.rolloutId().getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long seed = h ^ (currentVersion * 0x9E3779B97F4A7C15L) ^ ((long) e.timesUsed() << 32);
        return 1.0 - new SplittableRandom(seed).nextDouble();
    }

    @Override
    public ReplayDecision decide(
            Collection<BufferEntry> entries, long currentVersion, int batchSize) {
        return decide(entries, currentVersion, batchSize, false);
    }

    @Override
    public ReplayDecision decide(
            Collection<BufferEntry> entries,
            long currentVersion,
            int batchSize,
            boolean newestGroupOpen) {
        Map<String, Double> keys = new HashMap<>();
        for (BufferEntry e : entries) {
            keys.put(e.rolloutId(), key(uniform(e, currentVersion), weight(e.advantage())));
        }
        Comparator<BufferEntry> order =
                Comparator.comparingDouble((BufferEntry e) -> -keys.get(e.rolloutId()))
                        .thenComparingLong(BufferEntry::sequence);
        return limits.decide(entries, currentVersion, batchSize, order, newestGroupOpen);
    }

    /** Registers {@code ssr}. */
    public static final class Factory implements ReplayPolicyFactory {
        @Override
        public String id() {
            return "ssr";
        }

        @Override
        public String description() {
            return "VL-Rethinker's selective sample replay: non-zero-advantage rollouts drawn"
                    + " with probability proportional to |A|^alpha, within the bounds.";
        }

        @Override
        public List<OptionSpec> options() {
            List<OptionSpec> out = new ArrayList<>(ReplayLimits.OPTIONS);
            out.add(ALPHA);
            return out;
        }

        @Override
        public ReplayPolicy create(StrategyOptions options) {
            return new SsrReplay(ReplayLimits.from(options), ALPHA.doubleValue(options));
        }
    }
}
