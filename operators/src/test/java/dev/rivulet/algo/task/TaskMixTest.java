package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskMixTest {

    @Test
    void parsesEntriesAndSharesWeightOverDifficulties() {
        TaskMix mix = TaskMix.parse("arith(ops=+):1-4@8, sort:3-6, countdown:3@2");
        assertThat(mix.entries())
                .extracting(TaskMixEntry::label)
                .containsExactly(
                        "arith(ops=+):1",
                        "arith(ops=+):2",
                        "arith(ops=+):3",
                        "arith(ops=+):4",
                        "sort:3",
                        "sort:4",
                        "sort:5",
                        "sort:6",
                        "countdown:3");
        assertThat(mix.entries().get(0).weight()).isEqualTo(2.0);
        assertThat(mix.entries().get(4).weight()).isEqualTo(0.25);
        assertThat(TaskMix.parse(mix.spec()).entries()).isEqualTo(mix.entries());
    }

    @Test
    void mapFormAndRepeatedCellsAddUp() {
        TaskMix mix = TaskMix.of(Map.of("arith:3", 1.0));
        assertThat(mix.entries()).hasSize(1);
        TaskMix twice = TaskMix.parse("arith:3,arith:3@2");
        assertThat(twice.entries()).singleElement().extracting(TaskMixEntry::weight).isEqualTo(3.0);
    }

    @Test
    void badSpecsFailNamingTheEntry() {
        assertThatThrownBy(() -> TaskMix.parse("arith")).hasMessageContaining("'arith'");
        assertThatThrownBy(() -> TaskMix.parse("arith:0-2")).hasMessageContaining("1..5");
        assertThatThrownBy(() -> TaskMix.parse("arith:3@-1")).hasMessageContaining("positive");
        assertThatThrownBy(() -> TaskMix.parse("arith:3@x")).hasMessageContaining("positive");
        assertThatThrownBy(() -> TaskMix.parse("arith:4-2")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TaskMix.parse("arith:a")).hasMessageContaining("lo-hi");
        assertThatThrownBy(() -> TaskMix.parse("math:1"))
                .hasMessageContaining("arith, countdown, sort");
        assertThatThrownBy(() -> TaskMix.parse("gsm8k:1")).hasMessageContaining("no generator");
        assertThatThrownBy(() -> TaskMix.parse("arith(op=+):1")).hasMessageContaining("[op]");
        assertThatThrownBy(() -> TaskMix.parse("arith(ops):1")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> TaskMix.parse("arith:1,,sort:3"))
                .hasMessageContaining("empty entry");
    }

    @Test
    void streamIsDeterministicAndResumable() {
        TaskMix mix = TaskMix.defaultMix();
        Iterator<Prompt> a = mix.iterator(5);
        Iterator<Prompt> b = mix.iterator(5);
        Prompt[] firstRun = new Prompt[200];
        for (int i = 0; i < 200; i++) {
            firstRun[i] = a.next();
            assertThat(b.next()).isEqualTo(firstRun[i]);
        }
        Iterator<Prompt> resumed = mix.iterator(5, 150);
        for (int i = 150; i < 200; i++) {
            assertThat(resumed.next()).isEqualTo(firstRun[i]);
        }
        assertThat(mix.iterator(6).next()).isNotEqualTo(firstRun[0]);
    }

    @Test
    void noTrainingPromptIsEverHeldOut() {
        TaskMix mix = TaskMix.parse("arith:1-3,sort:3,countdown:2-3");
        Set<String> heldOutIds = new HashSet<>();
        for (List<Prompt> set : mix.heldOut(100, 1).values()) {
            set.forEach(p -> heldOutIds.add(p.id()));
        }
        assertThat(heldOutIds).hasSizeGreaterThan(300);
        Iterator<Prompt> stream = mix.iterator(1);
        List<Prompt> leaked = new ArrayList<>();
        Set<String> trained = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Prompt p = stream.next();
            trained.add(p.id());
            if (heldOutIds.contains(p.id()) || mix.split().isHeldOut(p)) {
                leaked.add(p);
            }
        }
        assertThat(leaked).isEmpty();
        assertThat(trained).hasSizeGreaterThan(5_000);
    }

    @Test
    void defaultMixIsMostlyAdditionAndFollowsTheWeights() {
        TaskMix mix = TaskMix.defaultMix();
        Map<String, Integer> counts = new HashMap<>();
        Iterator<Prompt> stream = mix.iterator(3);
        int n = 20_000;
        int additions = 0;
        for (int i = 0; i < n; i++) {
            Prompt p = stream.next();
            counts.merge(p.task() + ":" + p.difficulty(), 1, Integer::sum);
            if (p.task().equals("arith")) {
                assertThat(p.text()).contains("+");
                additions++;
            }
        }
        assertThat(additions / (double) n).isBetween(0.78, 0.82);
        assertThat(counts.get("arith:3") / (double) n).isBetween(0.38, 0.42);
        assertThat(counts.get("countdown:3") / (double) n).isBetween(0.09, 0.11);
        assertThat(mix.heldOut(10, 1)).containsKeys("arith(ops=+):3", "sort:3", "countdown:3");
    }
}
