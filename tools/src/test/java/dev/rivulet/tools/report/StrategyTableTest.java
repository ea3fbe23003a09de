package dev.rivulet.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.jobs.options.JobSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strategies table from a run's effective config. */
class StrategyTableTest {

    private static Map<String, StrategyTable.Row> byRole(Map<String, String> config) {
        Map<String, StrategyTable.Row> m = new LinkedHashMap<>();
        StrategyTable.rows(config).forEach(r -> m.put(r.role(), r));
        return m;
    }

    @Test
    void everyRoleWithItsEffectiveOptions() {
        Map<String, String> config =
                new LinkedHashMap<>(
                        JobSettings.of(
                                        Map.of(
                                                "rivulet.loop.selector", "thompson",
                                                "rivulet.loop.allocator", "knapsack",
                                                "rivulet.loop.strategy-options",
                                                        "selector.score=skew-hard;advantage.clip=2",
                                                "rivulet.loop.rollouts-per-prompt", "16",
                                                "rivulet.learner.max-staleness", "2",
                                                "rivulet.server.loss", "opmd",
                                                "rivulet.server.loss-options",
                                                        "coef=0.05;aggregation=seq-mean-token-mean",
                                                "rivulet.server.optimizer-options", "kl-beta=0.01"))
                                .effective());
        config.put("model", "/models/base");
        Map<String, StrategyTable.Row> rows = byRole(config);
        assertThat(rows.keySet())
                .containsExactly(
                        "selector",
                        "allocator",
                        "tracker",
                        "advantage estimator",
                        "reward shaper",
                        "hint policy",
                        "replay",
                        "loss",
                        "optimizer",
                        "rollouts",
                        "learner batch",
                        "task mix",
                        "evaluation",
                        "model");
        assertThat(rows.get("selector").options()).contains("score=skew-hard*");
        assertThat(rows.get("selector").description()).isNotBlank();
        // the allocator's n comes from rivulet.loop.rollouts-per-prompt, as in the job
        assertThat(rows.get("allocator").options()).contains("n=16*").contains("n-low=2");
        assertThat(rows.get("advantage estimator").id()).isEqualTo("grpo");
        assertThat(rows.get("advantage estimator").options()).isEqualTo("clip=2*");
        assertThat(rows.get("reward shaper").id()).isEqualTo("none");
        assertThat(rows.get("hint policy").id()).isEqualTo("none");
        // the replay policy's options are the learner's
        assertThat(rows.get("replay").options()).contains("max-staleness=2*");
        assertThat(rows.get("loss").options())
                .contains("coef=0.05*")
                .contains("aggregation=seq-mean-token-mean*")
                .contains("eps-low=0.2");
        assertThat(rows.get("loss").description()).contains("coef*(logp - oldLogp)^2");
        assertThat(rows.get("optimizer").options()).contains("kl-beta=0.01*");
        assertThat(rows.get("evaluation").id()).isEqualTo("4");
        assertThat(rows.get("evaluation").options()).contains("temperature=1.0");
        assertThat(rows.get("model").id()).isEqualTo("/models/base");
    }

    @Test
    void theReplayRowShowsReplayOptions() {
        Map<String, String> config =
                JobSettings.of(
                                Map.of(
                                        "rivulet.learner.replay", "ssr",
                                        "rivulet.learner.max-reuse", "2",
                                        "rivulet.learner.replay-options", "alpha=0.5"))
                        .effective();
        StrategyTable.Row replay = byRole(config).get("replay");
        assertThat(replay.id()).isEqualTo("ssr");
        assertThat(replay.options()).contains("alpha=0.5*").contains("max-reuse=2*");
    }

    @Test
    void aPromptFileReplacesTheMixAndUnknownIdsStillRender() {
        Map<String, StrategyTable.Row> rows =
                byRole(
                        Map.of(
                                "rivulet.source.prompts", "data/gsm8k.jsonl",
                                "rivulet.source.mix", "default",
                                "rivulet.data.task", "gsm8k",
                                "rivulet.loop.selector", "from-the-future"));
        assertThat(rows.keySet()).containsExactly("selector", "prompt file");
        assertThat(rows.get("prompt file").options()).isEqualTo("task=gsm8k");
        assertThat(rows.get("selector").description()).contains("not a registered");
        assertThat(StrategyTable.rows(Map.of())).isEmpty();
    }
}
