package dev.rivulet.server.loss;

import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.List;

/**
 * The options of the {@code disco} loss (docs/algorithms/loss-disco.md); the defaults are those of
 * the authors' released code (github.com/Optimization-AI/DisCO: {@code
 * verl/trainer/config/ppo_trainer.yaml} and {@code scripts/train/run_disco_*.sh}).
 *
 * @param score the score s(o) of a response
 * @param objective DisCO (log-sum-exp over the negatives) or DisCO-b (their mean)
 * @param tau τ &gt; 0 of the log-sum-exp
 * @param delta δ, the KL budget of the constraint
 * @param beta β ≥ 0, the weight of the squared hinge penalty β·max(KL − δ, 0)²
 * @param kl how the KL to the behaviour policy is estimated per token
 */
public record DiscoOptions(
        Score score, Objective objective, double tau, double delta, double beta, KlEstimator kl) {

    /** The score of one response, from its valid tokens. */
    public enum Score {
        /** Mean log-prob of the response's tokens: (1/|o|) Σ_t log π(o_t). */
        LOG_L,
        /** Mean per-token likelihood ratio: (1/|o|) Σ_t π(o_t)/π_old(o_t). */
        L_RATIO
    }

    /** How the negatives of a group enter the objective. */
    public enum Objective {
        /** DisCO: τ·log mean exp(s/τ) over the negatives (a soft maximum). */
        DISCO,
        /** DisCO-b: the mean score of the negatives. */
        DISCO_B
    }

    /** Per-token estimate of KL(π_old ‖ π) on tokens sampled from π_old. */
    public enum KlEstimator {
        /** log π_old − log π (the authors' scripts: {@code ppo_kl_type=kl}). */
        K1,
        /** (ρ − 1) − log ρ with ρ = π/π_old (their {@code low_var_kl}). */
        K3
    }

    /** The score, log-l. */
    public static final OptionSpec SCORE =
            OptionSpec.ofEnum(
                    "score",
                    Score.LOG_L,
                    "Score of a response: log-l (mean token log-prob) or l-ratio (mean token"
                            + " ratio pi/pi_old); log-l is the default of verl's DisCO recipe.");

    /** The objective, disco. */
    public static final OptionSpec OBJECTIVE =
            OptionSpec.ofEnum(
                    "objective",
                    Objective.DISCO,
                    "disco: tau*log-mean-exp(s/tau) over a group's negatives (the paper's DisCO);"
                            + " disco-b: their mean score.");

    /** τ; 0 picks the authors' value for the score. */
    public static final OptionSpec TAU =
            OptionSpec.ofDouble(
                            "tau",
                            0.0,
                            "tau of the log-sum-exp over negatives; 0 means the authors' value for"
                                    + " the score: 10 for log-l, 1 for l-ratio (their scripts).")
                    .atLeast(0);

    /** δ, 1e-4. */
    public static final OptionSpec DELTA =
            OptionSpec.ofDouble(
                            "delta",
                            1e-4,
                            "KL budget delta: the penalty starts when the KL to the behaviour"
                                    + " policy exceeds it (authors' scripts: 1e-4).")
                    .atLeast(0);

    /** β, 1000. */
    public static final OptionSpec BETA =
            OptionSpec.ofDouble(
                            "beta",
                            1000.0,
                            "Weight beta of the squared hinge penalty beta*max(KL - delta, 0)^2"
                                    + " (authors' scripts: 1e3).")
                    .atLeast(0);

    /** The KL estimator, k1. */
    public static final OptionSpec KL =
            OptionSpec.ofEnum(
                    "kl",
                    KlEstimator.K1,
                    "Per-token KL(pi_old || pi) estimate: k1 (old - logp, the authors' scripts)"
                            + " or k3 ((ratio - 1) - log ratio).");

    /** Every disco-specific option. */
    public static final List<OptionSpec> SPECS = List.of(SCORE, OBJECTIVE, TAU, DELTA, BETA, KL);

    /** τ for 0 ("the authors' value for the score"). */
    static final double TAU_LOG_L = 10.0;

    static final double TAU_L_RATIO = 1.0;

    /** Resolves τ = 0 to the score's value and checks ranges. */
    public DiscoOptions {
        if (score == null || objective == null || kl == null) {
            throw new IllegalArgumentException("score, objective and kl must be set");
        }
        if (tau == 0) {
            tau = score == Score.LOG_L ? TAU_LOG_L : TAU_L_RATIO;
        }
        if (!(tau > 0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("option 'tau' must be > 0 and finite, got " + tau);
        }
        if (!(delta >= 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException(
                    "option 'delta' must be >= 0 and finite, got " + delta);
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException(
                    "option 'beta' must be >= 0 and finite, got " + beta);
        }
    }

    /** The options in {@code options}, or their defaults. */
    public static DiscoOptions from(StrategyOptions options) {
        return new DiscoOptions(
                SCORE.enumValue(options, Score.class),
                OBJECTIVE.enumValue(options, Objective.class),
                TAU.doubleValue(options),
                DELTA.doubleValue(options),
                BETA.doubleValue(options),
                KL.enumValue(options, KlEstimator.class));
    }
}
