package dev.rivulet.tools.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.core.registry.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every registered strategy has its page in docs/algorithms, and every page there names a
 * registered strategy (so a renamed or deleted strategy leaves no orphan page). A page is named
 * {@code <prefix><id>.md}, the prefix given by the family: see {@link #NAMING_RULE}.
 */
class AlgorithmPagesTest {

    private static final Path PAGES = Path.of("..", "docs", "algorithms");

    /** Page-name prefix by {@link Registry#family()}; every other family has none. */
    static final Map<String, String> PREFIX_BY_FAMILY =
            Map.of(
                    "reward function", "reward-",
                    "task generator", "task-",
                    "policy loss", "loss-",
                    "token aggregation", "aggregation-",
                    "regulariser", "regulariser-",
                    "reward shaper", "shaping-");

    static final String NAMING_RULE =
            "a strategy's page is docs/algorithms/<prefix><id>.md with prefix 'reward-' for reward"
                    + " functions, 'task-' for task generators, 'loss-' for policy losses, 'aggregation-' for"
                    + " token aggregations, 'regulariser-' for regularisers, 'shaping-' for reward shapers and"
                    + " none for every other family (see docs/algorithms/README.md)";

    /**
     * Pages in docs/algorithms that are legitimately not a registered strategy, with the reason.
     * README.md is the directory's index.
     */
    static final Map<String, String> NOT_A_STRATEGY =
            Map.of(
                    "README.md", "the index of the directory",
                    "task-mix.md",
                            "TaskMix (the weighted task x difficulty training stream and the"
                                    + " held-out split), not a registered task generator",
                    "task-jsonl.md",
                            "JSONL datasets (JsonlPromptParser): their tasks are scored by the"
                                    + " reward function of the same id; no generator is"
                                    + " registered for them",
                    "dapo.md",
                            "the DAPO recipe: settings across families (dynamic sampling in the"
                                    + " loop, clip-higher and token-mean in the loss)");

    /** Family to its ids, in the order of {@link StrategiesDocTest#registries()}. */
    static Map<String, List<String>> registeredIds() {
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        for (Registry<?, ?> registry : StrategiesDocTest.registries()) {
            byFamily.put(registry.family(), registry.ids());
        }
        return byFamily;
    }

    /** The page file name of {@code id} in {@code family}. */
    static String pageOf(String family, String id) {
        return PREFIX_BY_FAMILY.getOrDefault(family, "") + id + ".md";
    }

    /** Page file name to the strategies it documents, as "family 'id'". */
    static Map<String, List<String>> expectedPages(Map<String, List<String>> idsByFamily) {
        Map<String, List<String>> pages = new TreeMap<>();
        idsByFamily.forEach(
                (family, ids) -> {
                    for (String id : ids) {
                        pages.computeIfAbsent(pageOf(family, id), k -> new ArrayList<>())
                                .add(family + " '" + id + "'");
                    }
                });
        return pages;
    }

    /** One line per registered strategy whose page is not among {@code pages}. */
    static List<String> missingPages(Map<String, List<String>> idsByFamily, Set<String> pages) {
        List<String> missing = new ArrayList<>();
        expectedPages(idsByFamily)
                .forEach(
                        (page, owners) -> {
                            if (!pages.contains(page)) {
                                missing.add(page + " (for " + String.join(", ", owners) + ")");
                            }
                        });
        return missing;
    }

    /** Every page among {@code pages} that names no registered strategy and is not allow-listed. */
    static List<String> orphanPages(Map<String, List<String>> idsByFamily, Set<String> pages) {
        Set<String> expected = expectedPages(idsByFamily).keySet();
        List<String> orphans = new ArrayList<>();
        for (String page : new TreeSet<>(pages)) {
            if (!expected.contains(page) && !NOT_A_STRATEGY.containsKey(page)) {
                orphans.add(page);
            }
        }
        return orphans;
    }

    /** Every page documenting more than one strategy (two families' ids mapped to one name). */
    static List<String> sharedPages(Map<String, List<String>> idsByFamily) {
        List<String> shared = new ArrayList<>();
        expectedPages(idsByFamily)
                .forEach(
                        (page, owners) -> {
                            if (owners.size() > 1) {
                                shared.add(page + " (" + String.join(", ", owners) + ")");
                            }
                        });
        return shared;
    }

    static String missingMessage(List<String> missing) {
        return "docs/algorithms lacks a page for "
                + missing.size()
                + " registered strateg"
                + (missing.size() == 1 ? "y" : "ies")
                + ":\n  "
                + String.join("\n  ", missing)
                + "\nRule: "
                + NAMING_RULE
                + ".";
    }

    static String orphanMessage(List<String> orphans) {
        return "docs/algorithms has "
                + orphans.size()
                + " page(s) naming no registered strategy (renamed or deleted?): "
                + String.join(", ", orphans)
                + "\nRename or delete them, or, if a page is legitimately not a strategy, add it"
                + " with the reason to AlgorithmPagesTest.NOT_A_STRATEGY.\nRule: "
                + NAMING_RULE
                + ".";
    }

    private static Set<String> pagesOnDisk() throws IOException {
        assertThat(Files.isDirectory(PAGES)).as(PAGES + " is a directory").isTrue();
        try (Stream<Path> files = Files.list(PAGES)) {
            Set<String> names = new TreeSet<>();
            files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md"))
                    .forEach(names::add);
            return names;
        }
    }

    @Test
    void everyRegisteredStrategyHasItsPage() throws IOException {
        List<String> missing = missingPages(registeredIds(), pagesOnDisk());
        assertThat(missing).withFailMessage(() -> missingMessage(missing)).isEmpty();
    }

    @Test
    void everyPageNamesARegisteredStrategy() throws IOException {
        List<String> orphans = orphanPages(registeredIds(), pagesOnDisk());
        assertThat(orphans).withFailMessage(() -> orphanMessage(orphans)).isEmpty();
    }

    @Test
    void noTwoStrategiesShareAPage() {
        List<String> shared = sharedPages(registeredIds());
        assertThat(shared)
                .withFailMessage(
                        () ->
                                "two strategies map to one page name; rename one of them: "
                                        + String.join(", ", shared))
                .isEmpty();
    }

    @Test
    void theAllowListIsCurrent() throws IOException {
        Set<String> onDisk = pagesOnDisk();
        Set<String> expected = expectedPages(registeredIds()).keySet();
        for (String page : NOT_A_STRATEGY.keySet()) {
            assertThat(onDisk).as("allow-listed page %s exists", page).contains(page);
            assertThat(expected)
                    .as("allow-listed page %s is now a registered strategy's page", page)
                    .doesNotContain(page);
        }
    }

    @Test
    void everyFamilyOfThePrefixRuleIsRegistered() {
        // a renamed family would silently lose its prefix
        assertThat(registeredIds().keySet()).containsAll(PREFIX_BY_FAMILY.keySet());
    }

    @Test
    void theHelpersReportMissingAndOrphanPagesByTheRule() {
        Map<String, List<String>> fake = new LinkedHashMap<>();
        fake.put("advantage estimator", List.of("grpo", "rec"));
        fake.put("policy loss", List.of("rec", "vanished"));
        fake.put("reward function", List.of("exact"));
        fake.put("task generator", List.of("arith"));
        Set<String> pages =
                Set.of(
                        "README.md",
                        "grpo.md",
                        "rec.md",
                        "loss-rec.md",
                        "reward-exact.md",
                        "arith.md",
                        "task-mix.md",
                        "old-loss.md");

        List<String> missing = missingPages(fake, pages);
        assertThat(missing)
                .containsExactly(
                        "loss-vanished.md (for policy loss 'vanished')",
                        "task-arith.md (for task generator 'arith')");
        assertThat(missingMessage(missing))
                .contains("lacks a page for 2 registered strategies")
                .contains("loss-vanished.md")
                .contains("task-arith.md")
                .contains("'loss-' for policy losses");
        assertThat(orphanPages(fake, pages)).containsExactly("arith.md", "old-loss.md");
        assertThat(orphanMessage(List.of("old-loss.md")))
                .contains("old-loss.md")
                .contains("NOT_A_STRATEGY");

        Map<String, List<String>> clash = new LinkedHashMap<>();
        clash.put("value tracker", List.of("reward-history"));
        clash.put("reward function", List.of("history"));
        assertThat(sharedPages(clash))
                .containsExactly(
                        "reward-history.md (value tracker 'reward-history', reward function"
                                + " 'history')");
        assertThat(missingPages(fake, expectedPages(fake).keySet())).isEmpty();
    }
}
