package dev.rivulet.core.registry;

import java.util.List;

/** A test strategy family: greeters, found through META-INF/services in the test resources. */
interface Greeter {

    String greet(String name);

    /** The family's factory type. */
    interface Factory extends StrategyFactory<Greeter> {}

    /** {@code hello}: repeats "hello" {@code times} times, optionally in upper case. */
    final class Hello implements Factory {
        static final OptionSpec TIMES =
                OptionSpec.ofInt("times", 1, "how often to say hello").atLeast(1).atMost(3);
        static final OptionSpec LOUD = OptionSpec.ofBoolean("loud", false, "upper case");
        static final OptionSpec STYLE =
                OptionSpec.ofEnum("style", "plain", List.of("plain", "warm"), "tone");

        @Override
        public String id() {
            return "hello";
        }

        @Override
        public String description() {
            return "Says hello | politely.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(TIMES, LOUD, STYLE);
        }

        @Override
        public Greeter create(StrategyOptions options) {
            int times = TIMES.intValue(options);
            boolean loud = LOUD.booleanValue(options);
            String prefix = STYLE.stringValue(options).equals("warm") ? "dear " : "";
            if (loud && times > 2) {
                throw new IllegalArgumentException("too loud: times must be <= 2 when loud");
            }
            return name -> {
                String word = loud ? "HELLO" : "hello";
                return (word + " ").repeat(times) + prefix + name;
            };
        }
    }

    /** {@code bye}: no options. */
    final class Bye implements Factory {
        @Override
        public String id() {
            return "bye";
        }

        @Override
        public String description() {
            return "Says bye.";
        }

        @Override
        public Greeter create(StrategyOptions options) {
            return name -> "bye " + name;
        }
    }
}
