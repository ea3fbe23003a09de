package dev.rivulet.jobs;

import dev.rivulet.algo.task.FieldMapping;
import dev.rivulet.algo.task.JsonlPromptParser;
import dev.rivulet.algo.task.TaskMix;
import dev.rivulet.algo.task.TaskRegistry;
import dev.rivulet.jobs.options.ConfigLayers;
import dev.rivulet.jobs.options.JobArguments;
import dev.rivulet.jobs.options.JobSettings;
import dev.rivulet.jobs.options.LoopOptions;
import dev.rivulet.jobs.options.SourceOptions;
import dev.rivulet.jobs.telemetry.TelemetryOutputs;
import dev.rivulet.operators.RolloutPipeline;
import dev.rivulet.operators.Uids;
import dev.rivulet.operators.client.PolicyEndpoint;
import dev.rivulet.operators.learner.LearnerSinkOperator;
import dev.rivulet.operators.source.AdmitPrompts;
import dev.rivulet.operators.source.JsonlFileSource;
import dev.rivulet.operators.source.ParsePrompts;
import dev.rivulet.operators.source.ParseRows;
import dev.rivulet.operators.source.SequencePromptSource;
import dev.rivulet.operators.source.SourcedPrompt;
import dev.rivulet.operators.source.SplitAdmitted;
import dev.rivulet.operators.source.TaskMixSequence;
import dev.rivulet.operators.telemetry.DeadLetterEvent;
import dev.rivulet.operators.telemetry.Telemetry;
import dev.rivulet.operators.telemetry.TelemetrySinks;
import dev.rivulet.protocol.Prompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The online-RL job: prompt source → RolloutLoop → LearnerSink, with telemetry written as JSON
 * lines for the SQL views (and to Kafka topics when {@code rivulet.telemetry.kafka.bootstrap} is
 * set). {@link #main} submits it to a cluster; the demo builds it in-process.
 */
public final class OnlineRlJob {

    private OnlineRlJob() {}

    /** Adds the job to {@code env}; telemetry goes to {@code telemetryDir} (one dir per table). */
    public static RolloutPipeline.Streams build(
            StreamExecutionEnvironment env,
            JobSettings settings,
            PolicyEndpoint endpoint,
            String telemetryDir) {
        TelemetryOutputs telemetry = new TelemetryOutputs(telemetryDir, settings);
        List<DataStream<DeadLetterEvent>> deadLetters = new ArrayList<>();
        DataStream<Prompt> prompts = prompts(env, settings, endpoint, deadLetters);
        RolloutPipeline.Streams streams =
                RolloutPipeline.build(
                        prompts,
                        settings.get(LoopOptions.SHARDS),
                        settings.loopConfig(endpoint),
                        settings.learnerConfig(endpoint));
        telemetry.write(streams.rolloutEvents(), TelemetrySinks.ROLLOUTS);
        telemetry.write(streams.learnerSteps(), TelemetrySinks.LEARNER_STEPS);
        // dead letters of the parser and the admission, prompts the server refused in the loop,
        // and batches the learner's server refused: one table
        deadLetters.add(streams.rollouts().getSideOutput(Telemetry.REFUSED_PROMPTS));
        deadLetters.add(streams.learnerSteps().getSideOutput(LearnerSinkOperator.REJECTED));
        telemetry.write(union(deadLetters), TelemetrySinks.DEAD_LETTERS);
        return streams;
    }

    /**
     * The prompts of the job without a model server: the synthetic task mix, or the JSONL files
     * read once and parsed (no admission), whose dead letters are written to {@code telemetryDir}
     * (table {@code dead_letters}). Bounded for files, so a check of a file ends.
     */
    public static DataStream<Prompt> prompts(
            StreamExecutionEnvironment env, JobSettings settings, String telemetryDir) {
        List<DataStream<DeadLetterEvent>> deadLetters = new ArrayList<>();
        DataStream<Prompt> prompts =
                settings.prompts().isEmpty()
                        ? prompts(env, settings, null, deadLetters)
                        : parsedOnly(env, settings, deadLetters);
        if (!deadLetters.isEmpty()) {
            new TelemetryOutputs(telemetryDir, settings)
                    .write(union(deadLetters), TelemetrySinks.DEAD_LETTERS);
        }
        return prompts;
    }

    /** One stream of all dead letters (the parser's and the learner's), for one sink. */
    private static DataStream<DeadLetterEvent> union(List<DataStream<DeadLetterEvent>> streams) {
        DataStream<DeadLetterEvent> all = streams.get(0);
        for (DataStream<DeadLetterEvent> more : streams.subList(1, streams.size())) {
            all = all.union(more);
        }
        return all;
    }

    /**
     * The synthetic task mix, or the JSONL files as a pool (read once and then idle, or watched):
     * parsed, admitted by the model server at {@code endpoint} (unservable rows become dead
     * letters), and split (held-out rows never reach training).
     */
    private static DataStream<Prompt> prompts(
            StreamExecutionEnvironment env,
            JobSettings settings,
            PolicyEndpoint endpoint,
            List<DataStream<DeadLetterEvent>> deadLetters) {
        String path = settings.prompts();
        if (path.isEmpty()) {
            TaskMix mix = settings.mix();
            return env.fromSource(
                            new SequencePromptSource(
                                    new TaskMixSequence(
                                            mix,
                                            settings.get(SourceOptions.SEED),
                                            settings.get(SourceOptions.POOL_SIZE))),
                            WatermarkStrategy.noWatermarks(),
                            "synthetic-prompts",
                            TypeInformation.of(Prompt.class))
                    .uid(Uids.PROMPT_SOURCE)
                    .setParallelism(1);
        }
        Duration watch = settings.get(SourceOptions.WATCH_INTERVAL);
        JsonlFileSource source =
                watch.isZero() || watch.isNegative()
                        ? JsonlFileSource.pool(path)
                        : JsonlFileSource.watching(path, watch);
        FieldMapping mapping = settings.fieldMapping();
        SingleOutputStreamOperator<SourcedPrompt> parsed =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "jsonl-prompts")
                        .uid(Uids.PROMPT_SOURCE)
                        .setParallelism(1)
                        .process(
                                new ParseRows(
                                        mapping,
                                        TaskRegistry.builtIn().taskIds(),
                                        settings.get(SourceOptions.MAX_PROMPT_CHARS),
                                        JsonlPromptParser.DEFAULT_MAX_LINE_BYTES))
                        .uid("rivulet-parse-rows")
                        .name("parse-prompts")
                        .setParallelism(1);
        deadLetters.add(parsed.getSideOutput(ParsePrompts.DEAD_LETTERS));
        SingleOutputStreamOperator<Prompt> admitted =
                AdmitPrompts.apply(parsed, endpoint, settings.admission())
                        .uid("rivulet-admit-prompts")
                        .name("admit-prompts")
                        .setParallelism(1)
                        .process(new SplitAdmitted(settings.heldOutSplit()))
                        .uid("rivulet-split-admitted")
                        .name("split-admitted")
                        .setParallelism(1);
        deadLetters.add(admitted.getSideOutput(ParsePrompts.DEAD_LETTERS));
        return admitted;
    }

    /**
     * The parsing half of the prompt path, for checking a file without a model server: reads the
     * files once (bounded) and parses them with the job's mapping and held-out split; no admission.
     */
    private static DataStream<Prompt> parsedOnly(
            StreamExecutionEnvironment env,
            JobSettings settings,
            List<DataStream<DeadLetterEvent>> deadLetters) {
        SingleOutputStreamOperator<Prompt> parsed =
                env.fromSource(
                                JsonlFileSource.bounded(settings.prompts()),
                                WatermarkStrategy.noWatermarks(),
                                "jsonl-prompts")
                        .uid(Uids.PROMPT_SOURCE)
                        .setParallelism(1)
                        .process(
                                new ParsePrompts(
                                        settings.fieldMapping(),
                                        TaskRegistry.builtIn().taskIds(),
                                        settings.get(SourceOptions.MAX_PROMPT_CHARS),
                                        JsonlPromptParser.DEFAULT_MAX_LINE_BYTES,
                                        settings.heldOutSplit()))
                        .uid("rivulet-parse-prompts")
                        .name("parse-prompts")
                        .setParallelism(1);
        deadLetters.add(parsed.getSideOutput(ParsePrompts.DEAD_LETTERS));
        return parsed;
    }

    /**
     * Cluster entry point: {@code OnlineRlJob --telemetry DIR [--config F] [--set key=value ...]}.
     * The {@code rivulet.*} options come from the Flink configuration the job is submitted with (a
     * FlinkDeployment's {@code flinkConfiguration}, the cluster's {@code config.yaml}, {@code flink
     * run -D}), then the {@code --config} file, then each {@code --set}: each layer overrides the
     * ones before ({@link ConfigLayers}).
     */
    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSettings settings = ConfigLayers.resolve(env.getConfiguration().toMap(), arguments);
        build(env, settings, settings.endpoint(), arguments.telemetry());
        env.execute("rivulet-online-rl");
    }
}
