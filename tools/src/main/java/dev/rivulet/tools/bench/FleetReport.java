package dev.rivulet.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link FleetBench.Result} as a Markdown table and as the fields of one JSON line. */
public final class FleetReport {

    private FleetReport() {}

    /** The scaling table and, when run, the streaming/synchronous table. */
    public static String markdown(FleetBench.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(
                "| generators | rollouts/s | speed-up over 1 | learner busy (inside steps) |"
                        + " generator utilisation |\n");
        b.append("|---|---|---|---|---|\n");
        for (FleetBench.ScalePoint p : r.scaling()) {
            b.append(
                    String.format(
                            "| %d | %.1f | %.2f× | %.2f | %.2f |%n",
                            p.generators(),
                            p.rolloutsPerSecond(),
                            p.speedUp(),
                            p.learnerBusy(),
                            p.generatorUtilisation()));
        }
        if (r.streaming() != null) {
            b.append('\n');
            b.append(
                    "| mode | target reached | wall s to target | learner version | held-out"
                            + " accuracy | rollouts | learner busy | generator utilisation |\n");
            b.append("|---|---|---|---|---|---|---|---|\n");
            for (FleetBench.TargetRun t : List.of(r.streaming(), r.sync())) {
                b.append(
                        String.format(
                                "| %s | %s | %.1f | %d | %.3f | %d | %.2f | %.2f |%n",
                                t.mode(),
                                t.reached() ? "yes" : "no",
                                t.seconds(),
                                t.version(),
                                t.accuracy(),
                                t.rollouts(),
                                t.learnerBusy(),
                                t.generatorUtilisation()));
            }
            b.append(
                    String.format(
                            "%nsync/streaming wall-time ratio: %.2f×%n",
                            r.sync().seconds() / r.streaming().seconds()));
        }
        return b.toString();
    }

    /** The fields of the JSON line. */
    public static Map<String, Object> json(FleetBench.Result r) {
        FleetBench.Options o = r.options();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "fleet");
        out.put("cpus", Runtime.getRuntime().availableProcessors());
        out.put("generator_ms_per_token", o.generatorNanosPerToken() / 1e6);
        out.put("learner_ms_per_token", o.learnerNanosPerToken() / 1e6);
        out.put("target_learner_ms_per_token", o.targetLearnerNanosPerToken() / 1e6);
        out.put("measure_s", o.measure().toSeconds());
        List<Map<String, Object>> scaling = new ArrayList<>();
        for (FleetBench.ScalePoint p : r.scaling()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("generators", p.generators());
            m.put("rollouts_per_s", round(p.rolloutsPerSecond(), 1));
            m.put("speed_up", round(p.speedUp(), 2));
            m.put("learner_busy", round(p.learnerBusy(), 3));
            m.put("generator_utilisation", round(p.generatorUtilisation(), 3));
            m.put("learner_steps", p.learnerSteps());
            scaling.add(m);
        }
        out.put("scaling", scaling);
        if (r.streaming() != null) {
            out.put("target_fleet", o.targetFleet());
            out.put("target_accuracy", o.target());
            out.put("streaming_bound", o.streamingBound());
            out.put("streaming", target(r.streaming()));
            out.put("sync", target(r.sync()));
            out.put(
                    "sync_over_streaming_wall",
                    round(r.sync().seconds() / r.streaming().seconds(), 2));
        }
        return out;
    }

    private static Map<String, Object> target(FleetBench.TargetRun t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reached", t.reached());
        m.put("seconds", round(t.seconds(), 1));
        m.put("version", t.version());
        m.put("accuracy", round(t.accuracy(), 3));
        m.put("rollouts", t.rollouts());
        m.put("learner_busy", round(t.learnerBusy(), 3));
        m.put("generator_utilisation", round(t.generatorUtilisation(), 3));
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
