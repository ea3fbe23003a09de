package dev.rivulet.algo.task;

import dev.rivulet.core.registry.StrategyOptions;
import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Weights over task × difficulty that yield an endless, deterministic stream of training prompts,
 * none of them held out.
 *
 * <p>Spec syntax: comma-separated entries {@code task[(key=value;key=value)]:difficulties[@weight]}
 * where difficulties is {@code d} or {@code lo-hi} and the weight (default 1) is shared evenly by
 * the difficulties of the entry. Example: {@code "arith(ops=+):1-4@8,sort:3-4,countdown:3"}.
 * Entries naming the same task, options and difficulty add up.
 *
 * <p>Training prompt {@code i} of seed {@code s} is a pure function of {@code (mix, split, s, i)}:
 * a stream resumes at any index without replaying the ones before it, and parallel readers can take
 * disjoint index sets.
 */
public final class TaskMix {

    /**
     * The demo mix: 80% addition with most weight on 3 digits (where a weakly pre-trained model
     * sits between 0.2 and 0.8 success), then 4 digits, and 10% each of short sorting and
     * three-number countdown.
     */
    public static final String DEFAULT_SPEC =
            "arith(ops=+):1-2@2,arith(ops=+):3@4,arith(ops=+):4@2,sort:3-4@1,countdown:3@1";

    /** Generation attempts per index before an entry counts as entirely held out. */
    static final int MAX_TRIES = 10_000;

    private final List<TaskMixEntry> entries;
    private final TaskGenerator[] generators;
    private final double[] cumulative;
    private final HeldOutSplit split;

    private TaskMix(List<TaskMixEntry> entries, TaskRegistry registry, HeldOutSplit split) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a task mix needs at least one entry");
        }
        this.entries = List.copyOf(entries);
        this.split = split;
        this.generators = new TaskGenerator[entries.size()];
        this.cumulative = new double[entries.size()];
        double total = 0;
        for (int i = 0; i < entries.size(); i++) {
            TaskMixEntry e = entries.get(i);
            generators[i] = registry.generator(e.task(), e.options());
            generators[i].checkDifficulty(e.difficulty());
            total += e.weight();
            cumulative[i] = total;
        }
    }

    /** The {@link #DEFAULT_SPEC} mix with the built-in tasks and the default held-out split. */
    public static TaskMix defaultMix() {
        return parse(DEFAULT_SPEC);
    }

    public static TaskMix parse(String spec) {
        return parse(spec, TaskRegistry.builtIn(), HeldOutSplit.defaults());
    }

    /** Parses a spec (see the class comment); fails naming the broken entry. */
    public static TaskMix parse(String spec, TaskRegistry registry, HeldOutSplit split) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String raw : spec.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("empty entry in task mix '" + spec + "'");
            }
            double weight = 1.0;
            int at = entry.lastIndexOf('@');
            if (at >= 0) {
                weight = parseWeight(entry, entry.substring(at + 1).strip());
                entry = entry.substring(0, at).strip();
            }
            weights.merge(entry, weight, Double::sum);
        }
        return of(weights, registry, split);
    }

    public static TaskMix of(Map<String, Double> weights) {
        return of(weights, TaskRegistry.builtIn(), HeldOutSplit.defaults());
    }

    /**
     * A mix from a map of {@code task[(options)]:difficulties} to weight, each weight shared evenly
     * by the difficulties of its key.
     */
    public static TaskMix of(
            Map<String, Double> weights, TaskRegistry registry, HeldOutSplit split) {
        Map<String, TaskMixEntry> cells = new LinkedHashMap<>();
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            for (TaskMixEntry e : parseCells(w.getKey().strip(), w.getValue())) {
                cells.merge(
                        e.label(),
                        e,
                        (a, b) ->
                                new TaskMixEntry(
                                        a.task(),
                                        a.options(),
                                        a.difficulty(),
                                        a.weight() + b.weight()));
            }
        }
        return new TaskMix(new ArrayList<>(cells.values()), registry, split);
    }

    private static List<TaskMixEntry> parseCells(String key, double weight) {
        int colon = key.lastIndexOf(':');
        if (colon <= 0) {
            throw bad(key, "expected task[(options)]:difficulties");
        }
        String head = key.substring(0, colon).strip();
        String range = key.substring(colon + 1).strip();
        String task = head;
        StrategyOptions options = StrategyOptions.empty();
        int open = head.indexOf('(');
        if (open >= 0) {
            if (!head.endsWith(")")) {
                throw bad(key, "options must be written as (key=value;key=value)");
            }
            task = head.substring(0, open).strip();
            options =
                    StrategyOptions.parse(
                            head.substring(open + 1, head.length() - 1),
                            "task mix entry '" + key + "'");
        }
        if (task.isEmpty()) {
            throw bad(key, "missing task id");
        }
        int lo;
        int hi;
        try {
            int dash = range.indexOf('-');
            lo = Integer.parseInt(dash < 0 ? range : range.substring(0, dash).strip());
            hi = dash < 0 ? lo : Integer.parseInt(range.substring(dash + 1).strip());
        } catch (NumberFormatException e) {
            throw bad(key, "difficulties must be d or lo-hi, got '" + range + "'");
        }
        if (lo > hi) {
            throw bad(key, "empty difficulty range " + lo + "-" + hi);
        }
        List<TaskMixEntry> out = new ArrayList<>();
        for (int d = lo; d <= hi; d++) {
            out.add(new TaskMixEntry(task, options, d, weight / (hi - lo + 1)));
        }
        return out;
    }

    private static double parseWeight(String entry, String text) {
        try {
            double w = Double.parseDouble(text);
            if (w > 0 && !Double.isInfinite(w)) {
                return w;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(entry, "weight must be a positive number, got '" + text + "'");
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("task mix entry '" + entry + "': " + why);
    }

    /** A copy of this mix that keeps out the prompts of another held-out split. */
    public TaskMix withSplit(HeldOutSplit newSplit, TaskRegistry registry) {
        return new TaskMix(entries, registry, newSplit);
    }

    /** The cells of the mix, one per task, options and difficulty, in spec order. */
    public List<TaskMixEntry> entries() {
        return entries;
    }

    public HeldOutSplit split() {
        return split;
    }

    /** The spec of this mix with one entry per cell, parseable back into an equal mix. */
    public String spec() {
        List<String> parts = new ArrayList<>();
        for (TaskMixEntry e : entries) {
            parts.add(e.label() + "@" + e.weight());
        }
        return String.join(",", parts);
    }

    /** Training prompt number {@code index} of the stream with {@code seed}; never held out. */
    public Prompt promptAt(long seed, long index) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, index));
        int i =
                Arrays.binarySearch(
                        cumulative, random.nextDouble() * cumulative[cumulative.length - 1]);
        int cell = i >= 0 ? Math.min(i + 1, cumulative.length - 1) : -i - 1;
        TaskMixEntry entry = entries.get(cell);
        for (int tries = 0; tries < MAX_TRIES; tries++) {
            Prompt p = generators[cell].generate(entry.difficulty(), random);
            if (!split.isHeldOut(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "task mix cell " + entry.label() + " produced only held-out prompts");
    }

    /** The endless training stream of {@code seed} starting at {@code startIndex}. */
    public Iterator<Prompt> iterator(long seed, long startIndex) {
        return new Iterator<>() {
            private long next = startIndex;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Prompt next() {
                return promptAt(seed, next++);
            }
        };
    }

    public Iterator<Prompt> iterator(long seed) {
        return iterator(seed, 0);
    }

    /**
     * A fixed evaluation set per cell, keyed by {@link TaskMixEntry#label()}: up to {@code count}
     * held-out prompts each (see {@link HeldOutSplit#heldOut}).
     */
    public Map<String, List<Prompt>> heldOut(int count, long seed) {
        Map<String, List<Prompt>> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            TaskMixEntry e = entries.get(i);
            out.put(e.label(), split.heldOut(generators[i], e.difficulty(), count, seed));
        }
        return out;
    }
}
