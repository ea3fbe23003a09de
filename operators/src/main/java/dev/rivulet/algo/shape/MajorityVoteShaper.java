package dev.rivulet.algo.shape;

import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.StrategyOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EVOL-RL's label-free reward: the group's majority answer is the anchor, and a novelty score ranks
 * the samples inside each band. A sample agreeing with the majority earns 0.5 + 0.5·ũ in [0.5, 1],
 * a sample with another answer −1 + 0.5·ũ in [−1, −0.5], a sample without a readable answer −1; ũ
 * is the novelty min-max normalised within the sample's band. Novelty u = 1 − (α·mean similarity to
 * the others of its band + (1 − α)·max similarity to any other answered sample); similarity is the
 * Jaccard index of character n-gram sets, a text-level stand-in for the paper's embeddings.
 *
 * <p>The reference answer is never read: answers come from the task's reward function ({@link
 * dev.rivulet.algo.reward.RewardFunction#answer}). Whether the majority was right (by the task's
 * reward) is only reported, as the part {@value #MAJORITY_CORRECT}.
 */
public final class MajorityVoteShaper implements RewardShaper {

    /** Part: 1 when the sample's answer is the group's majority answer, else 0. */
    public static final String MAJORITY = "majority";

    /** Part: the sample's novelty u before normalisation (0 for a sample without an answer). */
    public static final String NOVELTY = "novelty";

    /**
     * Part, the same on every sample of a group: 1 when a sample giving the majority answer is
     * correct by the task's reward, else 0 (telemetry only).
     */
    public static final String MAJORITY_CORRECT = "majority-correct";

    static final OptionSpec ALPHA =
            OptionSpec.ofDouble(
                            "alpha",
                            0.5,
                            "Weight of the mean similarity (to the other samples of the same band)"
                                    + " against the max similarity (to any other answered sample)"
                                    + " in novelty = 1 - (alpha*mean + (1-alpha)*max); 0.5 as in"
                                    + " the authors' code.")
                    .atLeast(0)
                    .atMost(1);
    static final OptionSpec NGRAM =
            OptionSpec.ofInt(
                            "ngram",
                            2,
                            "Character n-gram order of the text similarity (Jaccard index of the"
                                    + " n-gram sets), the stand-in for the paper's embeddings.")
                    .atLeast(1);

    static final OptionSpec MIN_AGREEMENT =
            OptionSpec.ofDouble(
                            "min-agreement",
                            0.0,
                            "Share of the group's samples that must give the majority answer for"
                                    + " the group to be scored; below it every reward is 0 (no"
                                    + " signal) and the part 'abstained' is 1. 0 scores every"
                                    + " group, as the paper does; a gate of our own against a"
                                    + " weak base's wrong majorities (docs page).")
                    .atLeast(0)
                    .atMost(1);

    static final OptionSpec NOVELTY_WEIGHT =
            OptionSpec.ofDouble(
                            "novelty-weight",
                            1.0,
                            "Share of each band's width that novelty spreads: 1 is the paper's"
                                    + " [0.5, 1] and [-1, -0.5]; 0 gives every member of a band its"
                                    + " midpoint (0.75, -0.75): the majority vote alone.")
                    .atLeast(0)
                    .atMost(1);

    static final OptionSpec VOTE =
            OptionSpec.ofEnum(
                    "vote",
                    "count",
                    List.of("count", "mass"),
                    "How the anchor answer is chosen: count = the most frequent answer of the"
                            + " group (the paper's vote); mass = the answer with the most"
                            + " probability mass under the behaviour policy, each distinct response"
                            + " counted once with exp(its sequence log-prob): the limit of the"
                            + " paper's wider vote (64 votes for 32 trained samples) as the vote"
                            + " grows, over the answers the group saw (ours).");

    /** Part: 1 on every sample of a group whose majority was too small to be scored. */
    public static final String ABSTAINED = "abstained";

    /** A task reward at or above it counts as correct (telemetry's success threshold). */
    static final double CORRECT = 0.5;

    private final double alpha;
    private final int ngram;
    private final double minAgreement;
    private final double noveltyWeight;
    private final boolean massVote;
    private final TaskAnswers answers = new TaskAnswers(TaskRegistry.builtIn());

    /** The paper's rule: every group scored, novelty spreading each band's whole width. */
    public MajorityVoteShaper(double alpha, int ngram) {
        this(alpha, ngram, 0.0, 1.0);
    }

    /**
     * @param alpha weight of the mean similarity in the novelty score
     * @param ngram character n-gram order of the similarity
     * @param minAgreement share of the samples that must agree with the majority to score a group
     * @param noveltyWeight share of each band's width that novelty spreads
     */
    public MajorityVoteShaper(double alpha, int ngram, double minAgreement, double noveltyWeight) {
        this(alpha, ngram, minAgreement, noveltyWeight, false);
    }

    /**
     * @param alpha weight of the mean similarity in the novelty score
     * @param ngram character n-gram order of the similarity
     * @param minAgreement share of the samples that must agree with the majority to score a group
     * @param noveltyWeight share of each band's width that novelty spreads
     * @param massVote choose the anchor by probability mass (vote=mass) instead of by count
     */
    public MajorityVoteShaper(
            double alpha, int ngram, double minAgreement, double noveltyWeight, boolean massVote) {
        if (!(minAgreement >= 0 && minAgreement <= 1)) {
            throw new IllegalArgumentException(
                    "min-agreement must be in [0, 1], got " + minAgreement);
        }
        if (!(noveltyWeight >= 0 && noveltyWeight <= 1)) {
            throw new IllegalArgumentException(
                    "novelty-weight must be in [0, 1], got " + noveltyWeight);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        if (ngram < 1) {
            throw new IllegalArgumentException("ngram must be >= 1, got " + ngram);
        }
        this.alpha = alpha;
        this.ngram = ngram;
        this.minAgreement = minAgreement;
        this.noveltyWeight = noveltyWeight;
        this.massVote = massVote;
    }

    @Override
    public ShapedRewards shape(ShapingGroup group) {
        int n = group.size();
        String[] answer = new String[n];
        for (int i = 0; i < n; i++) {
            answer[i] = answers.answer(group.prompt().task(), group.sample(i).text());
        }
        String majority = massVote ? massMajority(group, answer) : majority(answer);
        boolean[] inMajority = new boolean[n];
        double majorityCorrect = 0.0;
        for (int i = 0; i < n; i++) {
            inMajority[i] = majority != null && majority.equals(answer[i]);
            if (inMajority[i] && group.sample(i).taskReward() >= CORRECT) {
                majorityCorrect = 1.0;
            }
        }
        int agreeing = 0;
        for (boolean m : inMajority) {
            agreeing += m ? 1 : 0;
        }
        boolean abstain = minAgreement > 0 && agreeing < minAgreement * n;
        double[] novelty = novelty(group, answer, inMajority);
        double[] r = new double[n];
        if (!abstain) {
            for (int i = 0; i < n; i++) {
                r[i] = -1.0; // no readable answer
            }
            band(r, novelty, answer, inMajority, true, 0.5, 1.0);
            band(r, novelty, answer, inMajority, false, -1.0, -0.5);
            for (int i = 0; i < n; i++) {
                if (answer[i] != null) {
                    double mid = inMajority[i] ? 0.75 : -0.75;
                    r[i] = mid + noveltyWeight * (r[i] - mid);
                }
            }
        }
        List<Map<String, Double>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put(MAJORITY, inMajority[i] ? 1.0 : 0.0);
            p.put(NOVELTY, answer[i] == null ? 0.0 : novelty[i]);
            p.put(MAJORITY_CORRECT, majorityCorrect);
            p.put(ABSTAINED, abstain ? 1.0 : 0.0);
            parts.add(p);
        }
        return new ShapedRewards(r, parts);
    }

    /** The most frequent non-null answer, ties to the one seen first; null when none. */
    static String majority(String[] answer) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String a : answer) {
            if (a != null) {
                counts.merge(a, 1, Integer::sum);
            }
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    /**
     * The answer with the most probability mass among the group's readable answers: each distinct
     * response (by its tokens) adds exp(its behaviour sequence log-prob) to its answer once,
     * however often it was sampled; ties go to the answer seen first; null when none is readable.
     */
    static String massMajority(ShapingGroup group, String[] answer) {
        Map<String, Double> mass = new LinkedHashMap<>();
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = 0; i < answer.length; i++) {
            if (answer[i] == null) {
                continue;
            }
            mass.putIfAbsent(answer[i], 0.0);
            int[] tokens = group.sample(i).features().responseTokens();
            List<Integer> key = new ArrayList<>(tokens.length);
            for (int t : tokens) {
                key.add(t);
            }
            if (seen.add(key)) {
                double p = Math.exp(group.sample(i).features().sequenceLogprob());
                mass.merge(answer[i], p, Double::sum);
            }
        }
        String best = null;
        double bestMass = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : mass.entrySet()) {
            if (e.getValue() > bestMass) {
                best = e.getKey();
                bestMass = e.getValue();
            }
        }
        return best;
    }

    /** u_i for every answered sample (unanswered ones stay 0). */
    private double[] novelty(ShapingGroup group, String[] answer, boolean[] inMajority) {
        int n = group.size();
        List<Set<String>> grams = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            grams.add(grams(group.sample(i).text(), ngram));
        }
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            if (answer[i] == null) {
                continue;
            }
            double sameSum = 0;
            int same = 0;
            double allSum = 0;
            int all = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i || answer[j] == null) {
                    continue;
                }
                double s = jaccard(grams.get(i), grams.get(j));
                allSum += s;
                all++;
                max = Math.max(max, s);
                if (inMajority[j] == inMajority[i]) {
                    sameSum += s;
                    same++;
                }
            }
            // the authors' fallbacks: no one else in the band → mean over all others; nobody
            // else answered → 0.5 for both
            double mean = same > 0 ? sameSum / same : all > 0 ? allSum / all : 0.5;
            double top = all > 0 ? max : 0.5;
            u[i] = 1.0 - (alpha * mean + (1 - alpha) * top);
        }
        return u;
    }

    /**
     * Writes the rewards of one band (majority or not) into {@code r}: lo + (hi − lo)·ũ with ũ the
     * min-max normalised novelty; a lone member gets hi (1 for a lone majority answer, −0.5 for a
     * lone other answer), equal novelties get the midpoint.
     */
    private static void band(
            double[] r,
            double[] u,
            String[] answer,
            boolean[] inMajority,
            boolean majority,
            double lo,
            double hi) {
        List<Integer> members = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < r.length; i++) {
            if (answer[i] != null && inMajority[i] == majority) {
                members.add(i);
                min = Math.min(min, u[i]);
                max = Math.max(max, u[i]);
            }
        }
        for (int i : members) {
            if (members.size() == 1) {
                r[i] = hi;
            } else if (max > min) {
                r[i] = lo + (hi - lo) * (u[i] - min) / (max - min);
            } else {
                r[i] = (lo + hi) / 2;
            }
        }
    }

    /** The character n-grams of {@code text} with whitespace runs collapsed to one space. */
    static Set<String> grams(String text, int n) {
        String t = text.strip().replaceAll("\\s+", " ");
        Set<String> out = new HashSet<>();
        if (t.isEmpty()) {
            return out;
        }
        if (t.length() <= n) {
            out.add(t);
            return out;
        }
        for (int i = 0; i + n <= t.length(); i++) {
            out.add(t.substring(i, i + n));
        }
        return out;
    }

    /** |a ∩ b| / |a ∪ b|; two empty sets are identical (1). */
    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1.0;
        }
        int common = 0;
        for (String g : a) {
            if (b.contains(g)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }

    /** Registers {@code majority-vote}. */
    public static final class Factory implements RewardShaperFactory {
        @Override
        public String id() {
            return "majority-vote";
        }

        @Override
        public String description() {
            return "EVOL-RL, label-free: majority answer of the group in [0.5, 1], other answers in"
                    + " [-1, -0.5], no answer -1, ranked inside each band by text novelty.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(ALPHA, NGRAM, MIN_AGREEMENT, NOVELTY_WEIGHT, VOTE);
        }

        @Override
        public RewardShaper create(StrategyOptions options) {
            return new MajorityVoteShaper(
                    ALPHA.doubleValue(options),
                    NGRAM.intValue(options),
                    MIN_AGREEMENT.doubleValue(options),
                    NOVELTY_WEIGHT.doubleValue(options),
                    "mass".equals(VOTE.stringValue(options)));
        }
    }
}
