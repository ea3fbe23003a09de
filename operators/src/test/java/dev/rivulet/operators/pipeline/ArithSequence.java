package dev.rivulet.operators.pipeline;

import dev.rivulet.operators.source.PromptSequence;
import dev.rivulet.protocol.Prompt;

/** N addition prompts "i+(i+7)=" with distinct ids, for pipeline tests. */
record ArithSequence(long size) implements PromptSequence {

    @Override
    public Prompt get(long index) {
        long a = index;
        long b = index + 7;
        return new Prompt("add-" + index, "arith", 2, a + "+" + b + "=", Long.toString(a + b));
    }
}
