package dev.rivulet.algo.advantage;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * GTPO (Simoni et al., "GTPO: Trajectory-Based Policy Optimization in Large Language Models"):
 * GRPO's group-normalised A_i, then per token A_{i,t} = δ_i · (A_i − γ·⟨H⟩_i) · λ_{i,t}.
 *
 * <p>λ_{i,t} is 0 on the conflict tokens of a negative completion (their negative update is
 * skipped), {@code conflict-weight} (2, the authors' W_RAW) on those of a positive one, 1
 * elsewhere; see {@link ConflictTokens}. ⟨H⟩_i is the completion's mean per-token entropy; δ_i = 0
 * (every token 0) when it exceeds {@code entropy-threshold} (ln 2). A completion without entropies
 * is neither filtered nor penalised; an input without features gets plain GRPO scalars.
 */
public final class GtpoAdvantage implements AdvantageEstimator {

    /** Which same-position matches are conflict tokens. */
    public enum Conflict {
        /**
         * Every token whose id sits at the same position in a positive and a negative completion.
         */
        POSITION,
        /** Only the matching runs from the first and from the last token (the authors' code). */
        RUNS
    }

    static final OptionSpec CONFLICT =
            OptionSpec.ofEnum(
                    "conflict",
                    Conflict.POSITION,
                    "Conflict tokens: position (same id at the same position in a positive and a"
                            + " negative completion, the paper's definition) or runs (only the"
                            + " matching runs from the start and from the end, the authors' code).");

    static final OptionSpec CONFLICT_WEIGHT =
            OptionSpec.ofDouble(
                            "conflict-weight",
                            2.0,
                            "Weight on a positive completion's conflict tokens (the authors' code:"
                                    + " W_RAW = 2); negative completions' conflict tokens get 0.")
                    .atLeast(0);

    static final OptionSpec ENTROPY_FILTER =
            OptionSpec.ofBoolean(
                    "entropy-filter",
                    true,
                    "Zero every token of a completion whose mean entropy exceeds entropy-threshold"
                            + " (off where the completions carry no entropies).");

    static final OptionSpec ENTROPY_THRESHOLD =
            OptionSpec.ofDouble(
                            "entropy-threshold",
                            Math.log(2),
                            "Mean-entropy bound in nats of the filter (the paper's ln 2; the"
                                    + " authors' config uses 0.7).")
                    .atLeast(0);

    static final OptionSpec ENTROPY_PENALTY =
            OptionSpec.ofDouble(
                            "entropy-penalty",
                            0.1,
                            "γ in A − γ·⟨H⟩, the completion's mean entropy taken off its advantage"
                                    + " (the authors' ENT_SCALE = 0.1); 0 disables.")
                    .atLeast(0);

    private final double clip;
    private final Conflict conflict;
    private final double conflictWeight;
    private final boolean entropyFilter;
    private final double entropyThreshold;
    private final double entropyPenalty;

    public GtpoAdvantage(
            double clip,
            Conflict conflict,
            double conflictWeight,
            boolean entropyFilter,
            double entropyThreshold,
            double entropyPenalty) {
        this.clip = clip;
        this.conflict = conflict;
        this.conflictWeight = conflictWeight;
        this.entropyFilter = entropyFilter;
        this.entropyThreshold = entropyThreshold;
        this.entropyPenalty = entropyPenalty;
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public AdvantageResult estimate(AdvantageInput input, RandomGenerator rng) {
        if (!input.hasFeatures()) {
            return new GrpoAdvantage(clip).estimate(input, rng);
        }
        double[] r = input.rewards();
        double[] a = TokenCredit.grpo(r, rng);
        int[][] tokens = TokenCredit.responses(input);
        boolean[][] conflicts =
                conflict == Conflict.RUNS
                        ? ConflictTokens.inRuns(tokens, a)
                        : ConflictTokens.atSamePosition(tokens, a);
        double[] scalar = new double[r.length];
        double[][] perToken = new double[r.length][];
        for (int i = 0; i < r.length; i++) {
            double h = TokenCredit.meanEntropy(input.feature(i));
            boolean known = !Double.isNaN(h);
            boolean kept = !(entropyFilter && known && h > entropyThreshold);
            scalar[i] = kept ? a[i] - (known ? entropyPenalty * h : 0.0) : 0.0;
            double onConflict = a[i] > 0 ? conflictWeight : a[i] < 0 ? 0.0 : 1.0;
            perToken[i] = new double[tokens[i].length];
            for (int t = 0; t < tokens[i].length; t++) {
                perToken[i][t] = scalar[i] * (conflicts[i][t] ? onConflict : 1.0);
            }
        }
        return TokenCredit.finish(r, scalar, perToken, clip);
    }

    /** Registers {@code gtpo}. */
    public static final class Factory implements AdvantageEstimatorFactory {
        @Override
        public String id() {
            return "gtpo";
        }

        @Override
        public String description() {
            return "GRPO per token: conflict tokens skip negative and double positive updates;"
                    + " high-entropy completions are filtered out.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(
                    GroupMath.CLIP,
                    CONFLICT,
                    CONFLICT_WEIGHT,
                    ENTROPY_FILTER,
                    ENTROPY_THRESHOLD,
                    ENTROPY_PENALTY);
        }

        @Override
        public AdvantageEstimator create(StrategyOptions options) {
            return new GtpoAdvantage(
                    GroupMath.CLIP.doubleValue(options),
                    CONFLICT.enumValue(options, Conflict.class),
                    CONFLICT_WEIGHT.doubleValue(options),
                    ENTROPY_FILTER.booleanValue(options),
                    ENTROPY_THRESHOLD.doubleValue(options),
                    ENTROPY_PENALTY.doubleValue(options));
        }
    }
}
