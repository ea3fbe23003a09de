package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.algo.reward.RewardFunctions;
import dev.rivulet.protocol.Prompt;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ArithTaskTest {

    private static final Pattern FORMAT = Pattern.compile("([0-9]+)([-+*])([0-9]+)=");

    @Test
    void answersAreCorrectAndDifficultyIsTheLongerOperand() {
        ArithTask task = new ArithTask("+-*");
        SplittableRandom random = new SplittableRandom(1);
        Set<Character> ops = new HashSet<>();
        for (int d = 1; d <= 5; d++) {
            for (int i = 0; i < 500; i++) {
                Prompt p = task.generate(d, random);
                Matcher m = FORMAT.matcher(p.text());
                assertThat(m.matches()).as(p.text()).isTrue();
                long a = Long.parseLong(m.group(1));
                long b = Long.parseLong(m.group(3));
                char op = m.group(2).charAt(0);
                ops.add(op);
                long expected = op == '+' ? a + b : op == '-' ? a - b : a * b;
                assertThat(p.answer()).isEqualTo(Long.toString(expected));
                assertThat(expected).isGreaterThanOrEqualTo(0);
                int longer = Math.max(m.group(1).length(), m.group(3).length());
                assertThat(longer).isEqualTo(d);
                if (op == '*') {
                    assertThat(m.group(3).length()).isLessThanOrEqualTo((d + 1) / 2);
                }
                assertThat(p.difficulty()).isEqualTo(d);
                assertThat(p.task()).isEqualTo("arith");
                assertThat(p.id()).isEqualTo(PromptIds.of("arith", p.text()));
                assertThat(RewardFunctions.create("arith").reward(p.answer(), p)).isEqualTo(1.0);
                assertThat(p.text().length() + p.answer().length()).isLessThanOrEqualTo(20);
            }
        }
        assertThat(ops).containsExactlyInAnyOrder('+', '-', '*');
    }

    @Test
    void sameSeedSamePrompts() {
        ArithTask task = new ArithTask("+");
        SplittableRandom r1 = new SplittableRandom(42);
        SplittableRandom r2 = new SplittableRandom(42);
        for (int i = 0; i < 100; i++) {
            Prompt p = task.generate(3, r1);
            assertThat(task.generate(3, r2)).isEqualTo(p);
            assertThat(p.text()).contains("+");
        }
    }

    @Test
    void compactExample() {
        Prompt p = new ArithTask("+").generate(3, new SplittableRandom(7));
        assertThat(p.text()).matches("[0-9]+\\+[0-9]+=");
    }

    @Test
    void badOptionsAndDifficultiesFail() {
        assertThatThrownBy(() -> new ArithTask("/")).hasMessageContaining("ops");
        assertThatThrownBy(() -> new ArithTask("")).hasMessageContaining("ops");
        assertThatThrownBy(() -> new ArithTask("+").generate(6, new SplittableRandom(1)))
                .hasMessageContaining("1..5");
        assertThatThrownBy(() -> new ArithTask("+").generate(0, new SplittableRandom(1)))
                .hasMessageContaining("got 0");
    }
}
