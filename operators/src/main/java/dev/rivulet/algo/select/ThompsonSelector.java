package dev.rivulet.algo.select;

import dev.rivulet.algo.random.BetaSampler;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Thompson sampling: draws p̃ ~ Beta(α, β) per candidate and keeps the M best scores, by default
 * −|p̃ − 0.5| (closest to even odds), optionally p̃(1 − p̃)², which peaks at p̃ = 1/3 and so leans
 * towards prompts solved less than half the time. (The Bernoulli variance p̃(1 − p̃) = 0.25 − (p̃ −
 * 0.5)² ranks exactly like the distance, so it is not offered.)
 */
public final class ThompsonSelector implements PromptSelector {

    static final OptionSpec SCORE =
            OptionSpec.ofEnum(
                    "score",
                    Score.DISTANCE,
                    "distance prefers draws near p = 0.5; skew-hard maximises p(1-p)^2, which"
                            + " peaks at p = 1/3.");

    /** How a drawn success probability is scored. */
    public enum Score {
        /** −|p̃ − 0.5|. */
        DISTANCE,
        /** p̃(1 − p̃)², highest at p̃ = 1/3. */
        SKEW_HARD
    }

    private final Score score;

    public ThompsonSelector(Score score) {
        this.score = score;
    }

    /** Returns the top min(M, |pool|) candidates by score; ties keep pool order. */
    @Override
    public Selection select(List<Candidate> pool, int m, SelectorState state, RandomGenerator rng) {
        PromptSelector.checkM(m);
        record Scored(int index, double score) {}
        List<Scored> scored = new ArrayList<>(pool.size());
        for (int i = 0; i < pool.size(); i++) {
            Candidate c = pool.get(i);
            if (!(c.alpha() > 0) || !(c.beta() > 0)) {
                throw new IllegalArgumentException(
                        "thompson needs alpha > 0 and beta > 0 for prompt '"
                                + c.promptId()
                                + "', got "
                                + c.alpha()
                                + ", "
                                + c.beta());
            }
            double p = BetaSampler.beta(c.alpha(), c.beta(), rng);
            double s = score == Score.DISTANCE ? -Math.abs(p - 0.5) : p * (1 - p) * (1 - p);
            scored.add(new Scored(i, s));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        int take = Math.min(m, scored.size());
        List<String> out = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            out.add(pool.get(scored.get(i).index()).promptId());
        }
        return new Selection(out, state);
    }

    /** Registers {@code thompson}. */
    public static final class Factory implements PromptSelectorFactory {
        @Override
        public String id() {
            return "thompson";
        }

        @Override
        public String description() {
            return "Thompson sampling on Beta posteriors, preferring draws near p = 0.5.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(SCORE);
        }

        @Override
        public PromptSelector create(StrategyOptions options) {
            return new ThompsonSelector(SCORE.enumValue(options, Score.class));
        }
    }
}
