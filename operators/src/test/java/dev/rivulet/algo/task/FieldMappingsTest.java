package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Prompt;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The field-mapping presets and the general mapping, through the JSONL parser. */
class FieldMappingsTest {

    private static RowResult parse(String spec, String row) {
        return JsonlPromptParser.create(FieldMappings.parse(spec, "exact"))
                .parse(row.getBytes(StandardCharsets.UTF_8), "f.jsonl", 1);
    }

    private static Prompt prompt(String spec, String row) {
        RowResult r = parse(spec, row);
        assertThat(r).as(r.toString()).isInstanceOf(ParsedPrompt.class);
        return ((ParsedPrompt) r).prompt();
    }

    private static String deadReason(String spec, String row) {
        RowResult r = parse(spec, row);
        assertThat(r).as(r.toString()).isInstanceOf(DeadLetter.class);
        return ((DeadLetter) r).reason();
    }

    @Test
    void defaultPresetGivesRowsWithoutATaskTheDefaultTask() {
        Prompt p = prompt("default", "{\"prompt\":\"2+2=\",\"answer\":\"4\"}");
        assertThat(p.task()).isEqualTo("exact");
        assertThat(p.answer()).isEqualTo("4");
        assertThat(p.difficulty()).isZero();
        Prompt q =
                prompt(
                        "default",
                        "{\"id\":\"q1\",\"prompt\":\"2+2=\",\"answer\":4,\"task\":\"arith\","
                                + "\"difficulty\":2}");
        assertThat(q.id()).isEqualTo("q1");
        assertThat(q.task()).isEqualTo("arith");
        assertThat(q.difficulty()).isEqualTo(2);
        FieldMapping boxedDefault = FieldMappings.parse("default", "boxed");
        assertThat(boxedDefault.defaultTask()).isEqualTo("boxed");
    }

    @Test
    void gsm8kTakesTheAnswerAfterTheMarker() {
        Prompt p =
                prompt("gsm8k", "{\"question\":\"How many?\",\"answer\":\"3 + 4 = 7\\n#### 7\"}");
        assertThat(p.task()).isEqualTo("gsm8k");
        assertThat(p.answer()).isEqualTo("7");
        assertThat(deadReason("gsm8k", "{\"question\":\"q\",\"answer\":\"7\"}"))
                .startsWith("missing-final-answer: no '####'");
    }

    @Test
    void mathTakesTheLastBoxedWithNestedBraces() {
        Prompt p =
                prompt(
                        "math",
                        "{\"problem\":\"Half?\",\"solution\":\"First \\\\boxed{1} then"
                                + " \\\\boxed{\\\\frac{1}{2}}.\"}");
        assertThat(p.task()).isEqualTo("boxed");
        assertThat(p.answer()).isEqualTo("\\frac{1}{2}");
        assertThat(deadReason("math", "{\"problem\":\"p\",\"solution\":\"no box\"}"))
                .startsWith("missing-final-answer: no '\\boxed{...}' in 'solution'");
        assertThat(BoxedAnswer.last("\\boxed{a{b}c} and \\boxed{open")).isEqualTo("a{b}c");
        assertThat(BoxedAnswer.last("\\boxed{\\{x\\}}")).isEqualTo("\\{x\\}");
        assertThat(BoxedAnswer.last("nothing")).isNull();
    }

    @Test
    void generalMappingNamesTheFields() {
        Prompt p =
                prompt(
                        "prompt=question, answer=solution,task=kind,id=key,difficulty=level",
                        "{\"question\":\"q\",\"solution\":\"s\",\"kind\":\"arith\",\"key\":7,"
                                + "\"level\":3}");
        assertThat(p.text()).isEqualTo("q");
        assertThat(p.answer()).isEqualTo("s");
        assertThat(p.task()).isEqualTo("arith");
        assertThat(p.id()).isEqualTo("7");
        assertThat(p.difficulty()).isEqualTo(3);
        Prompt plain =
                prompt(
                        "prompt=question,answer=solution",
                        "{\"question\":\"q\",\"solution\":\"s\"}");
        assertThat(plain.task()).isEqualTo("exact");
        Prompt boxed =
                prompt(
                        "prompt=q,answer=a,answer-format=boxed",
                        "{\"q\":\"x\",\"a\":\"so \\\\boxed{5}\"}");
        assertThat(boxed.answer()).isEqualTo("5");
    }

    @Test
    void unknownNamesAndMalformedMappingsFailListingTheKnownOnes() {
        assertThatThrownBy(() -> FieldMappings.parse("gsm9k", "exact"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field mapping 'gsm9k'")
                .hasMessageContaining("default, gsm8k, math");
        assertThatThrownBy(() -> FieldMappings.parse("prompt=q", "exact"))
                .hasMessageContaining("has no answer=FIELD");
        assertThatThrownBy(() -> FieldMappings.parse("prompt=q,answer=", "exact"))
                .hasMessageContaining("is not key=FIELD");
        assertThatThrownBy(() -> FieldMappings.parse("prompt=q,answer=a,colour=c", "exact"))
                .hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> FieldMappings.parse("prompt=q,answer=a,answer-format=x", "exact"))
                .hasMessageContaining("unknown answer-format 'x'");
        assertThatThrownBy(() -> FieldMappings.parse("prompt=q,prompt=r,answer=a", "exact"))
                .hasMessageContaining("given twice");
    }
}
