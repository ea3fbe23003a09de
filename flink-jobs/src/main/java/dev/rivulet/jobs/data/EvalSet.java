package dev.rivulet.jobs.data;

import dev.rivulet.algo.task.HeldOutSplit;
import dev.rivulet.protocol.Prompt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation set drawn from the user's prompts: cell label ({@code task}, or {@code
 * task:difficulty} when the row has a difficulty) to prompts, and each cell's difficulty.
 *
 * @param cells cell label → prompts, in file order
 * @param difficulties cell label → difficulty (0 unknown)
 */
public record EvalSet(Map<String, List<Prompt>> cells, Map<String, Integer> difficulties) {

    /** The held-out prompts of {@code servable} under {@code split}, at most {@code max}. */
    public static EvalSet heldOut(List<Prompt> servable, HeldOutSplit split, int max) {
        return of(servable.stream().filter(split::isHeldOut).toList(), max);
    }

    /** The first {@code max} of {@code prompts} (an explicit evaluation file), by cell. */
    public static EvalSet of(List<Prompt> prompts, int max) {
        Map<String, List<Prompt>> cells = new LinkedHashMap<>();
        Map<String, Integer> difficulties = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Prompt p : prompts) {
            if (seen.size() >= max) {
                break;
            }
            if (!seen.add(p.id())) {
                continue;
            }
            String cell = p.difficulty() > 0 ? p.task() + ":" + p.difficulty() : p.task();
            cells.computeIfAbsent(cell, k -> new java.util.ArrayList<>()).add(p);
            difficulties.put(cell, p.difficulty());
        }
        return new EvalSet(cells, difficulties);
    }

    /** How many prompts the set holds. */
    public int size() {
        return cells.values().stream().mapToInt(List::size).sum();
    }
}
