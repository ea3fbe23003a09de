package dev.rivulet.jobs.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rivulet.algo.replay.ReplayPolicies;
import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.learner.LearnerConfig;
import dev.rivulet.operators.loop.RolloutLoopConfig;
import dev.rivulet.protocol.fleet.GeneratorAddress;
import dev.rivulet.protocol.fleet.GeneratorSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The typed view of a job's configuration: reads {@code rivulet.*} options (from a YAML file and
 * overrides) and builds the operator configs. Unknown {@code rivulet.*} keys fail loudly.
 */
public final class JobSettings {

    private final Configuration conf;

    private JobSettings(Configuration conf) {
        this.conf = conf;
    }

    /** Settings from a map of option keys to values; unknown rivulet keys are rejected. */
    public static JobSettings of(Map<String, String> values) {
        Set<String> unknown = unknownKeys(values.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown option(s) "
                            + unknown
                            + "; see docs/configuration.md for the known rivulet.* keys");
        }
        Configuration c = Configuration.fromMap(values);
        for (ConfigOption<?> o : OptionsDoc.allOptions()) {
            try {
                c.get(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "option " + o.key() + " has a bad value: " + e.getMessage(), e);
            }
        }
        JobSettings settings = new JobSettings(c);
        try {
            settings.parserFor(settings.fieldMapping());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "option " + SourceOptions.FIELDS.key() + " has a bad value: " + e.getMessage(),
                    e);
        }
        settings.heldOutSplit();
        settings.evalSampling();
        settings.template();
        settings.strategyOptions();
        settings.replayOptions();
        settings.serverLossOptions();
        settings.serverOptimizerOptions();
        if (!settings.get(ServerOptions.GENERATORS).isBlank()) {
            settings.generators(); // rivulet.server.address keeps its own, older check
        }
        settings.generatorsRefresh();
        String learner = settings.get(ServerOptions.LEARNER).trim();
        if (!learner.isEmpty()) {
            serverAddressColon(learner, ServerOptions.LEARNER);
        }
        return settings;
    }

    /** The {@code rivulet.*} keys among {@code keys} that name no option, sorted. */
    public static Set<String> unknownKeys(java.util.Collection<String> keys) {
        Set<String> known =
                OptionsDoc.allOptions().stream().map(ConfigOption::key).collect(Collectors.toSet());
        TreeSet<String> unknown = new TreeSet<>();
        for (String k : keys) {
            if (k.startsWith("rivulet.") && !known.contains(k)) {
                unknown.add(k);
            }
        }
        return unknown;
    }

    /** Reads a YAML file (nested maps or flat dotted keys) and applies {@code overrides} on top. */
    public static JobSettings load(Path yaml, Map<String, String> overrides) throws IOException {
        return load(Map.of(), yaml, overrides);
    }

    /**
     * Settings in three layers, each overriding the one before: {@code base} (for example a compare
     * arm's settings), the YAML file (may be null), then {@code overrides}.
     */
    public static JobSettings load(
            Map<String, String> base, Path yaml, Map<String, String> overrides) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(base);
        if (yaml != null) {
            values.putAll(yamlValues(yaml));
        }
        values.putAll(overrides);
        return of(values);
    }

    /**
     * The options of a YAML file (nested maps or flat dotted keys) as flat dotted keys; an empty
     * file has none, a file whose top level is not a map fails.
     */
    public static Map<String, String> yamlValues(Path yaml) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode root =
                new ObjectMapper(new YAMLFactory())
                        .readTree(Files.readString(yaml, StandardCharsets.UTF_8));
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw new IllegalArgumentException(
                        yaml + ": expected a map of options at the top level");
            }
            flatten("", root, values);
        }
        return values;
    }

    /**
     * Nested YAML maps (Flink's {@code config.yaml} style) or flat keys, as flat dotted keys:
     * {@code a: {b: 1}} and {@code a.b: 1} both give {@code a.b=1}.
     */
    public static Map<String, String> flatten(JsonNode root) {
        Map<String, String> out = new java.util.TreeMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(
                        prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                        e.getValue(),
                        out);
            }
        } else {
            out.put(prefix, node.asText());
        }
    }

    public <T> T get(ConfigOption<T> option) {
        return conf.get(option);
    }

    /** Every rivulet option with its effective value, for summary.json. */
    public Map<String, String> effective() {
        Map<String, String> m = new TreeMap<>();
        for (ConfigOption<?> o : OptionsDoc.allOptions()) {
            m.put(o.key(), String.valueOf(conf.get(o)));
        }
        return m;
    }

    /** The same settings with some options replaced. */
    public JobSettings with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(conf.toMap());
        m.putAll(overrides);
        return of(m);
    }

    /**
     * The model server endpoint, from {@code rivulet.server.*}: the learner ({@code
     * rivulet.server.learner}, by default {@code rivulet.server.address}).
     */
    public PolicyEndpoint endpoint() throws IOException {
        String learner = get(ServerOptions.LEARNER).trim();
        String address = learner.isEmpty() ? get(ServerOptions.ADDRESS) : learner;
        int colon =
                serverAddressColon(
                        address, learner.isEmpty() ? ServerOptions.ADDRESS : ServerOptions.LEARNER);
        String token = "";
        String tokenFile = get(ServerOptions.TOKEN_FILE);
        if (!tokenFile.isEmpty()) {
            token = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).trim();
        }
        PolicyEndpoint endpoint =
                new PolicyEndpoint(
                        address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1)),
                        token,
                        get(ServerOptions.DEADLINE).toMillis(),
                        get(ServerOptions.RETRIES));
        String ca = get(ServerOptions.TLS_CA);
        if (!get(ServerOptions.TLS)) {
            if (!ca.isEmpty()) {
                throw new IllegalArgumentException(
                        ServerOptions.TLS_CA.key()
                                + " is set ("
                                + ca
                                + ") but "
                                + ServerOptions.TLS.key()
                                + " is false; set it to true to call the server over TLS");
            }
            return endpoint;
        }
        return endpoint.withTls(
                ca.isEmpty() ? "" : Files.readString(Path.of(ca), StandardCharsets.US_ASCII));
    }

    /**
     * The generation servers ({@code rivulet.server.generators}), syntax-checked but not resolved
     * (a DNS entry is resolved where the pool opens); when that option is empty, the one server of
     * {@code rivulet.server.address}.
     */
    public GeneratorSpec generators() {
        String text = get(ServerOptions.GENERATORS).trim();
        if (text.isEmpty()) {
            String address = get(ServerOptions.ADDRESS);
            int colon = serverAddressColon(address, ServerOptions.ADDRESS);
            return GeneratorSpec.single(
                    new GeneratorAddress(
                            address.substring(0, colon),
                            Integer.parseInt(address.substring(colon + 1))));
        }
        try {
            return GeneratorSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    ServerOptions.GENERATORS.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * How often the fleet's DNS entries are resolved again ({@code
     * rivulet.server.generators-refresh}); zero: never.
     *
     * @throws IllegalArgumentException when negative
     */
    public Duration generatorsRefresh() {
        Duration d = get(ServerOptions.GENERATORS_REFRESH);
        if (d.isNegative()) {
            throw new IllegalArgumentException(
                    ServerOptions.GENERATORS_REFRESH.key() + " must be >= 0 (0: never), got " + d);
        }
        return d;
    }

    /** Where host and port part in {@code address}, the value of {@code option}. */
    private static int serverAddressColon(String address, ConfigOption<String> option) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(
                    option.key() + " must be host:port, got '" + address + "'");
        }
        return colon;
    }

    /**
     * The fleet's generators when {@code rivulet.server.generators} is set; empty when the one
     * server of {@link #endpoint} generates.
     */
    public Optional<GeneratorSpec> fleet() {
        return get(ServerOptions.GENERATORS).isBlank()
                ? Optional.empty()
                : Optional.of(generators());
    }

    /**
     * The RolloutLoop's configuration: version checks and rescoring on {@code endpoint}, generate
     * calls on the fleet of {@code rivulet.server.generators} when it is set, else on {@code
     * endpoint} too.
     */
    public RolloutLoopConfig loopConfig(PolicyEndpoint endpoint) {
        RolloutLoopConfig config = loopConfigOn(endpoint);
        return fleet().map(f -> config.withGenerators(f, generatorsRefresh())).orElse(config);
    }

    private RolloutLoopConfig loopConfigOn(PolicyEndpoint endpoint) {
        Map<String, Map<String, String>> opts = strategyOptions();
        Map<String, String> allocator = new LinkedHashMap<>(opts.get("allocator"));
        allocator.putIfAbsent("n", Integer.toString(get(LoopOptions.ROLLOUTS_PER_PROMPT)));
        return new RolloutLoopConfig(
                endpoint,
                new RolloutLoopConfig.Strategies(
                        new RolloutLoopConfig.Choice(
                                get(LoopOptions.SELECTOR), opts.get("selector")),
                        new RolloutLoopConfig.Choice(get(LoopOptions.ALLOCATOR), allocator),
                        new RolloutLoopConfig.Choice(get(LoopOptions.TRACKER), opts.get("tracker")),
                        new RolloutLoopConfig.Choice(
                                get(LoopOptions.ESTIMATOR), opts.get("advantage")),
                        Map.of(),
                        get(LoopOptions.DYNAMIC_SAMPLING),
                        get(LoopOptions.KL_ADAPTIVE),
                        new RolloutLoopConfig.Choice(
                                get(LoopOptions.REWARD_SHAPING).trim(), opts.get("shaping")),
                        new RolloutLoopConfig.Choice(
                                get(LoopOptions.HINTS).trim(), opts.get("hints"))),
                new RolloutLoopConfig.Generation(
                        get(LoopOptions.TEMPERATURE).floatValue(),
                        get(LoopOptions.TOP_P).floatValue(),
                        get(LoopOptions.MAX_NEW_TOKENS),
                        template(),
                        get(SourceOptions.SYSTEM_PROMPT)),
                new RolloutLoopConfig.Pacing(
                        get(LoopOptions.PROMPTS_PER_CALL),
                        get(LoopOptions.MAX_INFLIGHT),
                        get(LoopOptions.TICK).toMillis(),
                        get(LoopOptions.SYNC),
                        get(LoopOptions.MAX_ROLLOUTS_PER_VERSION)),
                get(LoopOptions.SEED));
    }

    public LearnerConfig learnerConfig(PolicyEndpoint endpoint) {
        return new LearnerConfig(
                endpoint,
                get(LearnerOptions.REPLAY),
                replayOptions(),
                get(LearnerOptions.BATCH_SIZE),
                get(LearnerOptions.MIN_BATCH),
                get(LearnerOptions.MAX_WAIT).toMillis(),
                get(LearnerOptions.NORMALIZE_ADVANTAGES),
                1000,
                get(LearnerOptions.MAX_TRAIN_FAILURES));
    }

    /**
     * The replay policy's options: {@code rivulet.learner.max-staleness}, {@code max-reuse} and
     * {@code keep-groups}, plus {@code rivulet.learner.replay-options} (e.g. ssr's {@code alpha}).
     * Checked against the policy's options (by {@link #of}), so a bad key or value fails when the
     * settings are read rather than when the learner starts.
     */
    public Map<String, String> replayOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("max-staleness", Integer.toString(get(LearnerOptions.MAX_STALENESS)));
        out.put("max-reuse", Integer.toString(get(LearnerOptions.MAX_REUSE)));
        out.put("keep-groups", Boolean.toString(get(LearnerOptions.KEEP_GROUPS)));
        String what = LearnerOptions.REPLAY_OPTIONS.key();
        for (Map.Entry<String, String> e :
                StrategyOptions.parse(get(LearnerOptions.REPLAY_OPTIONS), what)
                        .asMap()
                        .entrySet()) {
            if (out.containsKey(e.getKey())) {
                throw new IllegalArgumentException(
                        what
                                + ": '"
                                + e.getKey()
                                + "' is set by rivulet.learner."
                                + e.getKey()
                                + ", not here");
            }
            out.put(e.getKey(), e.getValue());
        }
        String replay = get(LearnerOptions.REPLAY);
        try {
            ReplayPolicies.registry().create(replay, StrategyOptions.of(out));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    LearnerOptions.REPLAY.key() + "=" + replay + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The policy-loss id of an in-process model server ({@code rivulet.server.loss}). */
    public String serverLoss() {
        return get(ServerOptions.LOSS).trim();
    }

    /** The options of that loss ({@code rivulet.server.loss-options}). */
    public StrategyOptions serverLossOptions() {
        return StrategyOptions.parse(
                get(ServerOptions.LOSS_OPTIONS), ServerOptions.LOSS_OPTIONS.key());
    }

    /**
     * The optimiser options of an in-process model server ({@code
     * rivulet.server.optimizer-options}).
     */
    public StrategyOptions serverOptimizerOptions() {
        return StrategyOptions.parse(
                get(ServerOptions.OPTIMIZER_OPTIONS), ServerOptions.OPTIMIZER_OPTIONS.key());
    }

    /** Parses {@code rivulet.loop.strategy-options} into per-family option maps. */
    Map<String, Map<String, String>> strategyOptions() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String f :
                new String[] {
                    "selector", "allocator", "tracker", "advantage", "shaping", "hints"
                }) {
            out.put(f, new LinkedHashMap<>());
        }
        String what = LoopOptions.STRATEGY_OPTIONS.key();
        for (Map.Entry<String, String> e :
                StrategyOptions.parse(get(LoopOptions.STRATEGY_OPTIONS), what).asMap().entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            Map<String, String> m = dot < 0 ? null : out.get(key.substring(0, dot));
            if (m == null) {
                throw new IllegalArgumentException(
                        what
                                + ": '"
                                + key
                                + "' is not family.key with a family of selector, allocator,"
                                + " tracker, advantage, shaping or hints"
                                + (key.startsWith("replay.")
                                        ? " (the replay policy's options go in "
                                                + LearnerOptions.REPLAY_OPTIONS.key()
                                                + ")"
                                        : ""));
            }
            m.put(key.substring(dot + 1).trim(), e.getValue());
        }
        return out;
    }

    /** The synthetic task-mix spec, with "default" resolved to the demo mix. */
    public String mixSpec() {
        String spec = get(SourceOptions.MIX);
        return "default".equals(spec) ? dev.rivulet.algo.task.TaskMix.DEFAULT_SPEC : spec;
    }

    /** The synthetic task mix. */
    public dev.rivulet.algo.task.TaskMix mix() {
        return dev.rivulet.algo.task.TaskMix.parse(mixSpec());
    }

    /**
     * The JSONL field mapping of {@code rivulet.data.fields}, rows without a task getting {@code
     * rivulet.data.task}; an unknown or malformed value fails listing the known ones.
     */
    public dev.rivulet.algo.task.FieldMapping fieldMapping() {
        return dev.rivulet.algo.task.FieldMappings.parse(
                get(SourceOptions.FIELDS), get(SourceOptions.DEFAULT_TASK));
    }

    /** The JSONL parser of the job: the mapping, the built-in tasks and the job's limits. */
    public dev.rivulet.algo.task.JsonlPromptParser parserFor(
            dev.rivulet.algo.task.FieldMapping mapping) {
        return new dev.rivulet.algo.task.JsonlPromptParser(
                mapping,
                dev.rivulet.algo.task.TaskRegistry.builtIn().taskIds(),
                get(SourceOptions.MAX_PROMPT_CHARS),
                dev.rivulet.algo.task.JsonlPromptParser.DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * The held-out split of a prompt file: {@code rivulet.eval.heldout-fraction} of it, none when
     * {@code rivulet.eval.prompts} names a separate evaluation file.
     */
    public dev.rivulet.algo.task.HeldOutSplit heldOutSplit() {
        double fraction =
                get(dev.rivulet.jobs.options.EvalOptions.PROMPTS).isEmpty()
                        ? get(dev.rivulet.jobs.options.EvalOptions.HELDOUT_FRACTION)
                        : 0.0;
        try {
            return new dev.rivulet.algo.task.HeldOutSplit(
                    fraction, dev.rivulet.algo.task.HeldOutSplit.DEFAULT_SALT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "option rivulet.eval.heldout-fraction has a bad value: " + e.getMessage(), e);
        }
    }

    /**
     * The sampled evaluation: {@code rivulet.eval.samples} completions per held-out prompt at
     * {@code rivulet.eval.temperature} and {@code rivulet.eval.top-p}.
     */
    public dev.rivulet.jobs.eval.Evaluator.Sampling evalSampling() {
        try {
            return new dev.rivulet.jobs.eval.Evaluator.Sampling(
                    get(EvalOptions.SAMPLES), get(EvalOptions.TEMPERATURE), get(EvalOptions.TOP_P));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "options "
                            + EvalOptions.SAMPLES.key()
                            + ", "
                            + EvalOptions.TEMPERATURE.key()
                            + " and "
                            + EvalOptions.TOP_P.key()
                            + " have a bad value: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The prompt template, {@code raw} or {@code chat}; anything else fails. */
    public String template() {
        String t = get(SourceOptions.TEMPLATE);
        if (!"raw".equals(t) && !"chat".equals(t)) {
            throw new IllegalArgumentException(
                    "option "
                            + SourceOptions.TEMPLATE.key()
                            + " must be raw or chat, got '"
                            + t
                            + "'");
        }
        return t;
    }

    /** How prompts are admitted: the loop's max-new-tokens, template and system prompt. */
    public dev.rivulet.operators.source.PromptAdmission admission() {
        return new dev.rivulet.operators.source.PromptAdmission(
                get(LoopOptions.MAX_NEW_TOKENS), template(), get(SourceOptions.SYSTEM_PROMPT));
    }

    /** The prompts path, or empty for the synthetic mix. */
    public String prompts() {
        return get(SourceOptions.PROMPTS);
    }
}
