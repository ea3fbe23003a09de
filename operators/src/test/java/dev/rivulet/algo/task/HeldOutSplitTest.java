package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.protocol.Prompt;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeldOutSplitTest {

    private final HeldOutSplit split = HeldOutSplit.defaults();

    @Test
    void holdsOutAboutTheConfiguredFraction() {
        ArithTask task = new ArithTask("+-*");
        SplittableRandom random = new SplittableRandom(1);
        int held = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            if (split.isHeldOut(task.generate(4, random))) {
                held++;
            }
        }
        assertThat(held / (double) n).isBetween(0.09, 0.11);
    }

    @Test
    void ruleDependsOnTaskAndCanonicalTextOnly() {
        assertThat(split.isHeldOut("arith", "123+45="))
                .isEqualTo(split.isHeldOut("arith", "  123+45=\n"));
        Prompt a = new Prompt("x", "arith", 3, "123+45=", "168");
        Prompt b = new Prompt("y", "arith", 1, "123+45=", "wrong");
        assertThat(split.isHeldOut(a)).isEqualTo(split.isHeldOut(b));
        assertThat(new HeldOutSplit(0.0, "s").isHeldOut("arith", "1+1=")).isFalse();
    }

    @Test
    void evaluationSetIsFixedDistinctAndHeldOut() {
        TaskGenerator task = new ArithTask("+");
        List<Prompt> first = split.heldOut(task, 3, 200, 7);
        assertThat(first).hasSize(200);
        assertThat(first).allMatch(split::isHeldOut);
        assertThat(first).allMatch(p -> p.difficulty() == 3);
        assertThat(first.stream().map(Prompt::id).distinct()).hasSize(200);
        assertThat(split.heldOut(task, 3, 200, 7)).isEqualTo(first);
        assertThat(split.heldOut(task, 3, 50, 7)).isEqualTo(first.subList(0, 50));
    }

    @Test
    void smallProblemSpacesReturnWhatExists() {
        // one-digit addition has 100 problems; about 10 of them are held out
        List<Prompt> all = split.heldOut(new ArithTask("+"), 1, 100, 1);
        assertThat(all.size()).isBetween(3, 25);
        assertThat(split.heldOut(new ArithTask("+"), 1, 100, 2))
                .containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void badFractionFails() {
        assertThatThrownBy(() -> new HeldOutSplit(1.0, "s")).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new HeldOutSplit(Double.NaN, "s")).hasMessageContaining("[0, 1)");
    }
}
