package dev.rivulet.operators.source;

import dev.rivulet.algo.task.DeadLetter;
import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.algo.task.Refusals;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.protocol.Prompt;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * After admission: unservable prompts become dead letters ({@link ParsePrompts#DEAD_LETTERS}, code
 * from {@link Refusals}), held-out prompts are dropped (they never reach training), and the rest go
 * on to the pool. The split comes after admission so every unservable row is counted.
 *
 * <p>Metrics in group {@code rivulet}: counters {@code prompts_admitted}, {@code prompts_refused}
 * and {@code heldout_skipped}.
 */
public final class SplitAdmitted extends ProcessFunction<AdmittedPrompt, Prompt> {

    private static final long serialVersionUID = 1L;

    private final double heldOutFraction;
    private final String heldOutSalt;

    private transient HeldOutSplit split;
    private transient Counter admitted;
    private transient Counter refused;
    private transient Counter heldOutSkipped;

    public SplitAdmitted(HeldOutSplit split) {
        this.heldOutFraction = split.fraction();
        this.heldOutSalt = split.salt();
    }

    @Override
    public void open(OpenContext openContext) {
        split = new HeldOutSplit(heldOutFraction, heldOutSalt);
        MetricGroup group =
                getRuntimeContext().getMetricGroup().addGroup(ParsePrompts.METRIC_GROUP);
        admitted = group.counter("prompts_admitted");
        refused = group.counter("prompts_refused");
        heldOutSkipped = group.counter("heldout_skipped");
    }

    @Override
    public void processElement(AdmittedPrompt a, Context ctx, Collector<Prompt> out) {
        SourcedPrompt row = a.row();
        if (!a.servable()) {
            refused.inc();
            ctx.output(
                    ParsePrompts.DEAD_LETTERS,
                    DeadLetterEvent.of(
                            ctx.timerService().currentProcessingTime(),
                            new DeadLetter(
                                    row.source(),
                                    row.line(),
                                    Refusals.reason(a.refusal()),
                                    row.prompt().text())));
        } else if (split.isHeldOut(row.prompt())) {
            heldOutSkipped.inc();
        } else {
            admitted.inc();
            out.collect(row.prompt());
        }
    }
}
