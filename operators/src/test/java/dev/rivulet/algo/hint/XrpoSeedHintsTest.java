package dev.rivulet.algo.hint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Hint;
import dev.rivulet.protocol.Prompt;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** XRPO's in-context seeding: hand-computed seeding rules, exemplar choices and fallbacks. */
class XrpoSeedHintsTest {

    private final HintPolicy seed = HintPolicies.registry().create("xrpo-seed");
    private final Prompt hard = new Prompt("h", "arith", 4, "4821+3377=", "8198");

    private static HintState s(int level, int failures) {
        return new HintState(level, failures);
    }

    private static Exemplar solved(String id, int difficulty, String prompt, String answer) {
        return new Exemplar(id, "arith", difficulty, prompt, answer);
    }

    @Test
    void aPromptIsSeededAfterKFailedRolloutsAndUnseededByItsFirstSuccess() {
        // k = 8: one all-wrong group of 8 -> seeded (level 1)
        assertThat(seed.update(HintState.PLAIN, 8, 0)).isEqualTo(s(1, 0));
        // 4 + 3 failures = 7 < 8: not yet; then 1 more: 8 >= 8
        HintState t = seed.update(seed.update(HintState.PLAIN, 4, 0), 3, 0);
        assertThat(t).isEqualTo(s(0, 7));
        assertThat(seed.update(t, 1, 0)).isEqualTo(s(1, 0));
        // a seeded prompt that keeps failing stays seeded (level never exceeds 1)
        assertThat(seed.update(s(1, 0), 8, 0)).isEqualTo(s(1, 8));
        assertThat(seed.update(s(1, 8), 8, 0)).isEqualTo(s(1, 16));
        // any success, seeded or plain, ends the zero-reward state
        assertThat(seed.update(s(1, 16), 8, 1)).isEqualTo(HintState.PLAIN);
        assertThat(seed.update(s(0, 7), 8, 1)).isEqualTo(HintState.PLAIN);
        // an empty visit changes nothing
        assertThat(seed.update(s(0, 5), 0, 0)).isEqualTo(s(0, 5));
    }

    @Test
    void theExemplarIsTheNewestOfTheSameDifficultyElseTheNearestEasierOne() {
        ExemplarStore store =
                ExemplarStore.EMPTY
                        .with(solved("d4-old", 4, "1111+2222=", "3333"), 4)
                        .with(solved("d2", 2, "12+34=", "46"), 4)
                        .with(solved("d4-new", 4, "5000+1234=", "6234"), 4)
                        .with(solved("d5", 5, "11111+22222=", "33333"), 4);
        // same difficulty 4: the newer of the two d4 entries
        assertThat(seed.hint(hard, s(1, 0), store))
                .isEqualTo(Hint.inContext("5000+1234=6234", XrpoSeedHints.EXEMPLAR_LEVEL));
        // difficulty 3: d2 and d4 are 1 away, d5 2 away -> the easier, d2
        Prompt d3 = new Prompt("m", "arith", 3, "482+337=", "819");
        assertThat(seed.hint(d3, s(1, 0), store)).isEqualTo(Hint.inContext("12+34=46", 1));
        // another task's instances never seed
        Prompt sort = new Prompt("s", "sort", 4, "sort 3 1 2:", "1 2 3");
        assertThat(seed.hint(sort, s(1, 0), store))
                .isEqualTo(Hint.inContext("Hint: the answer is 1 2 3", 2));
        // a plain prompt (level 0) gets nothing, however full the store
        assertThat(seed.hint(hard, HintState.PLAIN, store)).isEqualTo(Hint.NONE);
    }

    @Test
    void aPromptIsNeverSeededWithItsOwnSolution() {
        ExemplarStore store = ExemplarStore.EMPTY.with(solved("h", 4, "4821+3377=", "8198"), 4);
        // only its own instance is stored: the fallback (the answer) is served instead
        assertThat(seed.hint(hard, s(1, 0), store))
                .isEqualTo(Hint.inContext("Hint: the answer is 8198", 2));
    }

    @Test
    void theStoreKeepsCapacityPerDifficultyAndAPromptOnce() {
        ExemplarStore store = ExemplarStore.EMPTY;
        store = store.with(solved("a", 4, "1+1=", "2"), 2);
        store = store.with(solved("b", 4, "2+2=", "4"), 2);
        store = store.with(solved("x", 1, "0+0=", "0"), 2);
        // a third d4 instance evicts the oldest d4 one (a), not the d1 one
        store = store.with(solved("c", 4, "3+3=", "6"), 2);
        assertThat(store.exemplars()).extracting(Exemplar::promptId).containsExactly("b", "x", "c");
        // solving b again moves it to the newest place, without a duplicate
        store = store.with(solved("b", 4, "2+2=", "4"), 2);
        assertThat(store.exemplars()).extracting(Exemplar::promptId).containsExactly("x", "c", "b");
        assertThat(store.size()).isEqualTo(3);
        assertThatThrownBy(() -> ExemplarStore.EMPTY.with(solved("a", 4, "1+1=", "2"), 0))
                .hasMessageContaining("capacity must be >= 1, got 0");
    }

    @Test
    void rememberStoresTheSolvedAnswerAndIgnoresBlankOnes() {
        ExemplarStore store = seed.remember(ExemplarStore.EMPTY, hard, "8198");
        assertThat(store.exemplars())
                .containsExactly(new Exemplar("h", "arith", 4, "4821+3377=", "8198"));
        assertThat(seed.remember(store, hard, " ")).isSameAs(store);
        assertThat(seed.keepsExemplars()).isTrue();
        // the other policies keep nothing
        HintPolicy none = HintPolicies.registry().create("none");
        assertThat(none.keepsExemplars()).isFalse();
        assertThat(none.remember(ExemplarStore.EMPTY, hard, "8198")).isSameAs(ExemplarStore.EMPTY);
    }

    @Test
    void fallbackSolutionLabelledFormatAndFallbackNone() {
        Prompt gsm =
                new Prompt(
                        "g",
                        "gsm8k",
                        2,
                        "Tom has 3 apples and buys 2. How many?",
                        "5",
                        "He has 3 + 2 = <<3+2=5>>5 apples. The answer is 5.");
        // no gsm8k instance yet: the whole worked solution, calculator notes removed
        assertThat(seed.hint(gsm, s(1, 0), ExemplarStore.EMPTY))
                .isEqualTo(Hint.inContext("Hint: He has 3 + 2 = 5 apples. The answer is 5.", 2));
        HintPolicy labelled =
                HintPolicies.registry()
                        .create(
                                "xrpo-seed",
                                StrategyOptions.of(
                                        Map.of("format", "labelled", "fallback", "none")));
        ExemplarStore store =
                ExemplarStore.EMPTY.with(
                        new Exemplar("o", "gsm8k", 2, "Ann has 1 pen.", "She has 1."), 4);
        assertThat(labelled.hint(gsm, s(1, 0), store))
                .isEqualTo(
                        Hint.inContext(
                                "Example problem: Ann has 1 pen.\nExample solution: She has 1.",
                                1));
        // fallback none: no instance, no hint
        assertThat(labelled.hint(gsm, s(1, 0), ExemplarStore.EMPTY)).isEqualTo(Hint.NONE);
        // a prompt without any tier (empty answer, no solution) is served plain
        Prompt empty = new Prompt("e", "arith", 1, "?", "");
        assertThat(seed.hint(empty, s(1, 0), ExemplarStore.EMPTY)).isEqualTo(Hint.NONE);
        // the two-argument form is the empty store's
        assertThat(seed.hint(hard, s(1, 0)))
                .isEqualTo(Hint.inContext("Hint: the answer is 8198", 2));
    }

    @Test
    void badOptionsAndVisitsFailNamingTheValue() {
        assertThatThrownBy(() -> new XrpoSeedHints(0, 4, "plain", "solution"))
                .hasMessageContaining("k must be >= 1, got 0");
        assertThatThrownBy(() -> new XrpoSeedHints(8, 0, "plain", "solution"))
                .hasMessageContaining("capacity must be >= 1, got 0");
        assertThatThrownBy(() -> new XrpoSeedHints(8, 4, "chat", "solution"))
                .hasMessageContaining("format must be plain or labelled, got 'chat'");
        assertThatThrownBy(() -> new XrpoSeedHints(8, 4, "plain", "answer"))
                .hasMessageContaining("fallback must be solution or none, got 'answer'");
        assertThatThrownBy(() -> seed.update(HintState.PLAIN, 4, 5))
                .hasMessageContaining("got 5 of 4");
    }

    @Test
    void theStoreSurvivesTheKeyedStateSerializer() throws Exception {
        TypeSerializer<ExemplarStore> serializer =
                TypeInformation.of(ExemplarStore.class)
                        .createSerializer(new SerializerConfigImpl());
        ExemplarStore before =
                ExemplarStore.EMPTY
                        .with(solved("a", 4, "1+1=", "2"), 4)
                        .with(new Exemplar("g", "gsm8k", 2, "Ann?", "1"), 4);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(before, out);
        ExemplarStore back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(before);
        assertThat(back.exemplars()).hasSize(2);
    }
}
