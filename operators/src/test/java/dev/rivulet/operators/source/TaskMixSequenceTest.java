package dev.rivulet.operators.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.protocol.Prompt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskMixSequenceTest {

    private static List<Prompt> all(PromptSequence seq) {
        List<Prompt> out = new ArrayList<>();
        for (long i = 0; i < seq.size(); i++) {
            out.add(seq.get(i));
        }
        return out;
    }

    @Test
    void distinctTrainingPromptsDeterministicBySeedAndIndex() {
        TaskMix mix = TaskMix.defaultMix();
        TaskMixSequence seq = new TaskMixSequence(mix, 42, 500);
        assertThat(seq.size()).isEqualTo(500);
        List<Prompt> prompts = all(seq);
        assertThat(new HashSet<>(prompts.stream().map(Prompt::id).toList())).hasSize(500);
        assertThat(prompts).noneMatch(HeldOutSplit.defaults()::isHeldOut);
        assertThat(all(new TaskMixSequence(TaskMix.defaultMix(), 42, 500))).isEqualTo(prompts);
        assertThat(all(new TaskMixSequence(mix, 42, 100))).isEqualTo(prompts.subList(0, 100));
        assertThat(all(new TaskMixSequence(mix, 43, 100))).isNotEqualTo(prompts.subList(0, 100));
    }

    @Test
    void survivesJavaSerialisationAsFlinkShipsIt() throws Exception {
        TaskMixSequence seq = new TaskMixSequence(TaskMix.parse("sort:3-4,countdown:3"), 7, 50);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(seq);
        }
        PromptSequence back;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (PromptSequence) in.readObject();
        }
        assertThat(all(back)).isEqualTo(all(seq));
    }

    @Test
    void tooSmallMixesFailLoudly() {
        TaskMix tiny = TaskMix.parse("arith(ops=+):1");
        assertThatThrownBy(() -> new TaskMixSequence(tiny, 1, 5_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct training prompts")
                .hasMessageContaining("5000");
        assertThat(new TaskMixSequence(tiny, 1, 0).size()).isZero();
    }
}
