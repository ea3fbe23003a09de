package dev.rivulet.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyOptionsTest {

    @Test
    void parsesKeyValueText() {
        StrategyOptions o = StrategyOptions.parse(" eps-low = 0.1 ;; mask=ring;", "loss options");
        assertThat(o.asMap()).isEqualTo(Map.of("eps-low", "0.1", "mask", "ring"));
        assertThat(StrategyOptions.parse("  ", "x")).isEqualTo(StrategyOptions.empty());
        assertThat(StrategyOptions.parse("a=b=c", "x").asMap()).isEqualTo(Map.of("a", "b=c"));
    }

    @Test
    void badTextNamesTheSettingAndThePart() {
        assertThatThrownBy(() -> StrategyOptions.parse("clip", "rivulet.server.loss-options"))
                .hasMessage("rivulet.server.loss-options: 'clip' is not key=value");
        assertThatThrownBy(() -> StrategyOptions.parse("=1", "x"))
                .hasMessage("x: '=1' is not key=value");
        assertThatThrownBy(() -> StrategyOptions.parse("a=1;a=2", "x"))
                .hasMessage("x: key 'a' is given twice");
    }

    @Test
    void withReplacesOneKey() {
        StrategyOptions o = StrategyOptions.of("a", "1").with("a", "2").with("b", "3");
        assertThat(o.asMap()).isEqualTo(Map.of("a", "2", "b", "3"));
    }
}
