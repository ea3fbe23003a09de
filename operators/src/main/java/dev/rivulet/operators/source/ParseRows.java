package dev.rivulet.operators.source;

import dev.rivulet.algo.task.BlankLine;
import dev.rivulet.algo.task.DeadLetter;
import dev.rivulet.algo.task.FieldMapping;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.algo.task.ParsedPrompt;
import dev.rivulet.algo.task.RowResult;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns JSONL {@link SourceLine}s into {@link SourcedPrompt}s (the prompt with its file and line)
 * for the admission step; bad rows go to {@link ParsePrompts#DEAD_LETTERS}, blank lines are
 * dropped. The held-out split comes after admission ({@link SplitAdmitted}).
 *
 * <p>Metrics in group {@code rivulet}: counters {@code prompts_parsed}, {@code dead_letters} and
 * {@code blank_lines}.
 */
public final class ParseRows extends ProcessFunction<SourceLine, SourcedPrompt> {

    private static final long serialVersionUID = 1L;

    private final FieldMapping mapping;
    private final ArrayList<String> knownTasks;
    private final int maxPromptChars;
    private final int maxLineBytes;

    private transient SourceLineParser parser;
    private transient Counter parsed;
    private transient Counter deadLetters;
    private transient Counter blankLines;

    /** Parses rows with the given parser settings (see {@link JsonlPromptParser}). */
    public ParseRows(
            FieldMapping mapping,
            Collection<String> knownTasks,
            int maxPromptChars,
            int maxLineBytes) {
        this.mapping = mapping;
        this.knownTasks = new ArrayList<>(knownTasks);
        this.maxPromptChars = maxPromptChars;
        this.maxLineBytes = maxLineBytes;
        newParser(); // fail at job build time, not in the task, on bad settings
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new SourceLineParser(newParser());
        MetricGroup group =
                getRuntimeContext().getMetricGroup().addGroup(ParsePrompts.METRIC_GROUP);
        parsed = group.counter("prompts_parsed");
        deadLetters = group.counter("dead_letters");
        blankLines = group.counter("blank_lines");
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<SourcedPrompt> out) {
        RowResult result = parser.parse(line);
        if (result instanceof ParsedPrompt p) {
            parsed.inc();
            out.collect(new SourcedPrompt(p.prompt(), line.source(), line.line()));
        } else if (result instanceof DeadLetter d) {
            deadLetters.inc();
            ctx.output(
                    ParsePrompts.DEAD_LETTERS,
                    DeadLetterEvent.of(ctx.timerService().currentProcessingTime(), d));
        } else if (result instanceof BlankLine) {
            blankLines.inc();
        }
    }

    private JsonlPromptParser newParser() {
        return new JsonlPromptParser(
                mapping, List.copyOf(knownTasks), maxPromptChars, maxLineBytes);
    }
}
