package dev.rivulet.tools.report;

import dev.rivulet.algo.advantage.AdvantageEstimators;
import dev.rivulet.algo.allocate.BudgetAllocators;
import dev.rivulet.algo.hint.HintPolicies;
import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.algo.select.PromptSelectors;
import dev.rivulet.algo.shape.RewardShapers;
import dev.rivulet.algo.track.ValueTrackers;
import dev.rivulet.core.registry.OptionSpec;
import dev.rivulet.core.registry.Registry;
import dev.rivulet.core.registry.StrategyFactory;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.server.learn.OptimizerConfig;
import dev.rivulet.server.loss.PolicyLosses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which strategies a run used, read from summary.json's {@code config}: one row per role (selector,
 * allocator, tracker, advantage estimator, replay, loss, optimiser, data, model, evaluation) with
 * the strategy id, every option's effective value (given values marked with {@code *}) and the
 * strategy's one-line description. Keys absent from the config leave their row out, so summaries of
 * older runs still render.
 */
public final class StrategyTable {

    /**
     * One row.
     *
     * @param role what the strategy does in the run, for example "selector"
     * @param id the strategy id or value
     * @param options effective options as {@code key=value} ({@code *} after a given one), or ""
     * @param description what the strategy does, or ""
     */
    public record Row(String role, String id, String options, String description) {}

    private StrategyTable() {}

    /** The rows for a run's config (flat option key → value). */
    public static List<Row> rows(Map<String, String> config) {
        Map<String, Map<String, String>> loopOptions =
                byFamily(config.getOrDefault("rivulet.loop.strategy-options", ""));
        // as JobSettings.loopConfig: the allocator's n defaults to rivulet.loop.rollouts-per-prompt
        Map<String, String> allocator =
                new LinkedHashMap<>(loopOptions.getOrDefault("allocator", Map.of()));
        if (config.containsKey("rivulet.loop.rollouts-per-prompt")) {
            allocator.putIfAbsent("n", config.get("rivulet.loop.rollouts-per-prompt"));
        }
        // as JobSettings.learnerConfig: the replay policy's options are the learner's options
        Map<String, String> replay = new LinkedHashMap<>();
        for (String k : new String[] {"max-staleness", "max-reuse"}) {
            if (config.containsKey("rivulet.learner." + k)) {
                replay.put(k, config.get("rivulet.learner." + k));
            }
        }
        replay.putAll(parse(config.getOrDefault("rivulet.learner.replay-options", "")));
        List<Row> rows = new ArrayList<>();
        loopOptions.put("allocator", allocator);
        loopStrategy(rows, config, "selector", PromptSelectors.registry(), loopOptions);
        loopStrategy(rows, config, "allocator", BudgetAllocators.registry(), loopOptions);
        loopStrategy(rows, config, "tracker", ValueTrackers.registry(), loopOptions);
        loopStrategy(rows, config, "advantage", AdvantageEstimators.registry(), loopOptions);
        strategy(
                rows,
                config,
                "reward shaper",
                "rivulet.loop.reward-shaping",
                RewardShapers.registry(),
                loopOptions.get("shaping"));
        strategy(
                rows,
                config,
                "hint policy",
                "rivulet.loop.hints",
                HintPolicies.registry(),
                loopOptions.get("hints"));
        String replayKey = "rivulet.learner.replay";
        strategy(rows, config, "replay", replayKey, ReplayPolicies.registry(), replay);
        Map<String, String> lossGiven =
                parse(config.getOrDefault("rivulet.server.loss-options", ""));
        strategy(rows, config, "loss", "rivulet.server.loss", PolicyLosses.registry(), lossGiven);
        if (config.containsKey("rivulet.server.optimizer-options")) {
            rows.add(
                    new Row(
                            "optimizer",
                            "adamw",
                            effective(
                                    OptimizerConfig.OPTIONS,
                                    parse(config.get("rivulet.server.optimizer-options"))),
                            ""));
        }
        plain(
                rows,
                config,
                "rollouts",
                "rivulet.loop.rollouts-per-prompt",
                "per prompt",
                "rivulet.loop.temperature",
                "rivulet.loop.top-p",
                "rivulet.loop.dynamic-sampling",
                "rivulet.loop.kl-adaptive",
                "rivulet.loop.sync",
                "rivulet.loop.max-new-tokens");
        plain(
                rows,
                config,
                "learner batch",
                "rivulet.learner.batch-size",
                "rollouts",
                "rivulet.learner.min-batch",
                "rivulet.learner.normalize-advantages");
        String prompts = config.getOrDefault("rivulet.source.prompts", "");
        if (!prompts.isEmpty()) {
            plain(
                    rows,
                    config,
                    "prompt file",
                    "rivulet.source.prompts",
                    "",
                    "rivulet.data.fields",
                    "rivulet.data.task",
                    "rivulet.data.template");
        } else {
            plain(rows, config, "task mix", "rivulet.source.mix", "synthetic tasks");
        }
        plain(
                rows,
                config,
                "evaluation",
                "rivulet.eval.samples",
                "samples per prompt besides" + " greedy (pass@k, mean@k)",
                "rivulet.eval.temperature",
                "rivulet.eval.top-p",
                "rivulet.eval.sample-periodic",
                "rivulet.eval.prompts");
        if (config.containsKey("model")) {
            rows.add(new Row("model", config.get("model"), "", "the base policy trained"));
        }
        return rows;
    }

    /** A loop strategy: rivulet.loop.&lt;family&gt;, options under family. in strategy-options. */
    private static <F extends StrategyFactory<?>> void loopStrategy(
            List<Row> rows,
            Map<String, String> config,
            String family,
            Registry<F, ?> registry,
            Map<String, Map<String, String>> byFamily) {
        String role = family.equals("advantage") ? "advantage estimator" : family;
        Map<String, String> given = byFamily.getOrDefault(family, Map.of());
        strategy(rows, config, role, "rivulet.loop." + family, registry, given);
    }

    private static <F extends StrategyFactory<?>> void strategy(
            List<Row> rows,
            Map<String, String> config,
            String role,
            String key,
            Registry<F, ?> registry,
            Map<String, String> given) {
        String id = config.get(key);
        if (id == null) {
            return;
        }
        Map<String, String> g = given == null ? Map.of() : given;
        F factory;
        try {
            factory = registry.factory(id.trim());
        } catch (IllegalArgumentException unknown) {
            rows.add(new Row(role, id, join(g), "(not a registered " + registry.family() + ")"));
            return;
        }
        rows.add(new Row(role, id, effective(factory.options(), g), factory.description()));
    }

    private static void plain(
            List<Row> rows,
            Map<String, String> config,
            String role,
            String key,
            String description,
            String... optionKeys) {
        if (!config.containsKey(key)) {
            return;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (String k : optionKeys) {
            if (config.containsKey(k) && !config.get(k).isEmpty()) {
                opts.put(k.substring(k.lastIndexOf('.') + 1), config.get(k));
            }
        }
        rows.add(new Row(role, config.get(key), join(opts), description));
    }

    /** Every spec's value, given ones marked with {@code *}; given keys without a spec last. */
    static String effective(List<OptionSpec> specs, Map<String, String> given) {
        List<String> parts = new ArrayList<>();
        for (OptionSpec s : specs) {
            String v = given.get(s.key());
            parts.add(s.key() + "=" + (v == null ? s.defaultValue() : v + "*"));
        }
        given.forEach(
                (k, v) -> {
                    if (specs.stream().noneMatch(s -> s.key().equals(k))) {
                        parts.add(k + "=" + v + "*");
                    }
                });
        return String.join("; ", parts);
    }

    private static String join(Map<String, String> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("; ", parts);
    }

    private static Map<String, String> parse(String spec) {
        try {
            return StrategyOptions.parse(spec, "options").asMap();
        } catch (IllegalArgumentException e) {
            return Map.of("(unparsed)", spec);
        }
    }

    /** "selector.x=1;advantage.y=2" → family → {key → value}. */
    private static Map<String, Map<String, String>> byFamily(String spec) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        parse(spec)
                .forEach(
                        (k, v) -> {
                            int dot = k.indexOf('.');
                            if (dot > 0) {
                                out.computeIfAbsent(k.substring(0, dot), f -> new LinkedHashMap<>())
                                        .put(k.substring(dot + 1).trim(), v);
                            }
                        });
        return out;
    }
}
