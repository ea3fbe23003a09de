package dev.rivulet.operators.source;

import dev.rivulet.algo.task.BlankLine;
import dev.rivulet.algo.task.DeadLetter;
import dev.rivulet.algo.task.FieldMapping;
import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.algo.task.ParsedPrompt;
import dev.rivulet.algo.task.RowResult;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns JSONL {@link SourceLine}s into training {@link Prompt}s with {@link JsonlPromptParser}: bad
 * rows go to {@link #DEAD_LETTERS}, blank lines and held-out prompts are dropped (held-out prompts
 * never reach training), and no input makes it fail.
 *
 * <p>Metrics in group {@code rivulet}: counters {@code prompts_parsed}, {@code dead_letters},
 * {@code heldout_skipped} and {@code blank_lines}.
 */
public final class ParsePrompts extends ProcessFunction<SourceLine, Prompt> {

    private static final long serialVersionUID = 1L;

    /** Rows that could not become prompts. */
    public static final OutputTag<DeadLetterEvent> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetterEvent.class));

    /** Metric group of the counters. */
    public static final String METRIC_GROUP = "rivulet";

    // HeldOutSplit is not Serializable: keep its parts
    private final FieldMapping mapping;
    private final ArrayList<String> knownTasks;
    private final int maxPromptChars;
    private final int maxLineBytes;
    private final double heldOutFraction;
    private final String heldOutSalt;

    private transient SourceLineParser parser;
    private transient HeldOutSplit split;
    private transient Counter parsed;
    private transient Counter deadLetters;
    private transient Counter heldOutSkipped;
    private transient Counter blankLines;

    /** Parses rows laid out as {@code mapping} with the built-in tasks and default limits. */
    public ParsePrompts(FieldMapping mapping, HeldOutSplit split) {
        this(
                mapping,
                TaskRegistry.builtIn().taskIds(),
                JsonlPromptParser.DEFAULT_MAX_PROMPT_CHARS,
                JsonlPromptParser.DEFAULT_MAX_LINE_BYTES,
                split);
    }

    /** Parses rows with the given parser settings (see {@link JsonlPromptParser}). */
    public ParsePrompts(
            FieldMapping mapping,
            Collection<String> knownTasks,
            int maxPromptChars,
            int maxLineBytes,
            HeldOutSplit split) {
        this.mapping = mapping;
        this.knownTasks = new ArrayList<>(knownTasks);
        this.maxPromptChars = maxPromptChars;
        this.maxLineBytes = maxLineBytes;
        this.heldOutFraction = split.fraction();
        this.heldOutSalt = split.salt();
        newParser(); // fail at job build time, not in the task, on bad settings
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new SourceLineParser(newParser());
        split = new HeldOutSplit(heldOutFraction, heldOutSalt);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP);
        parsed = group.counter("prompts_parsed");
        deadLetters = group.counter("dead_letters");
        heldOutSkipped = group.counter("heldout_skipped");
        blankLines = group.counter("blank_lines");
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<Prompt> out) {
        RowResult result = parse(line);
        if (result instanceof ParsedPrompt p) {
            if (split.isHeldOut(p.prompt())) {
                heldOutSkipped.inc();
            } else {
                parsed.inc();
                out.collect(p.prompt());
            }
        } else if (result instanceof DeadLetter d) {
            deadLetters.inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetterEvent.of(ctx.timerService().currentProcessingTime(), d));
        } else if (result instanceof BlankLine) {
            blankLines.inc();
        }
    }

    private RowResult parse(SourceLine line) {
        return parser.parse(line);
    }

    private JsonlPromptParser newParser() {
        return new JsonlPromptParser(
                mapping, List.copyOf(knownTasks), maxPromptChars, maxLineBytes);
    }
}
