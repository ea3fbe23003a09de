package dev.rivulet.algo.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptIdsTest {

    @Test
    void sameTaskAndTextSameId() {
        assertThat(PromptIds.of("arith", "123+45=")).isEqualTo(PromptIds.of("arith", "123+45="));
        assertThat(PromptIds.of("arith", "123+45=")).matches("arith-[0-9a-f]{16}");
        assertThat(PromptIds.of("arith", " 123+45=\n")).isEqualTo(PromptIds.of("arith", "123+45="));
        assertThat(PromptIds.of("exact", "a  b")).isEqualTo(PromptIds.of("exact", "a\tb"));
    }

    @Test
    void differentTaskOrTextDifferentId() {
        assertThat(PromptIds.of("arith", "123+45=")).isNotEqualTo(PromptIds.of("arith", "45+123="));
        assertThat(PromptIds.of("arith", "1=")).isNotEqualTo(PromptIds.of("exact", "1="));
    }

    @Test
    void pinnedValueSoIdsNeverChangeSilently() {
        // printf 'arith\x00123+45=' | sha256sum | cut -c1-16
        assertThat(PromptIds.of("arith", "123+45=")).isEqualTo("arith-80d614813e71401e");
        assertThat(PromptIds.canonicalText("  a \n b  ")).isEqualTo("a b");
    }
}
