package dev.rivulet.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of docs/architecture.md, checked over every module's production classes (this
 * module's test classpath is the only one that sees them all): no package cycles, the module arrows
 * point one way, and no two production types share a simple name.
 */
class LayoutTest {

    private static JavaClasses main;

    /** No cycle between any two packages under dev.rivulet. */
    static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("dev.rivulet.(**)").should().beFreeOfCycles();

    @BeforeAll
    static void importProductionClasses() {
        main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(location -> !location.contains("-tests.jar"))
                        .importPackages("dev.rivulet");
        List<String> roots =
                List.of(
                        "dev.rivulet.core",
                        "dev.rivulet.protocol",
                        "dev.rivulet.server",
                        "dev.rivulet.algo",
                        "dev.rivulet.operators",
                        "dev.rivulet.jobs",
                        "dev.rivulet.tools",
                        "dev.rivulet.cli");
        for (String root : roots) {
            assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith(root)))
                    .as("the importer must see %s, else the rules check nothing", root)
                    .isTrue();
        }
    }

    @Test
    void packagesAreFreeOfCycles() {
        NO_PACKAGE_CYCLES.check(main);
    }

    @Test
    void theCycleRuleCatchesACycle() {
        // dev.rivulet.arch.cyclefixture.a and .b import each other on purpose (test classes).
        JavaClasses fixture =
                new ClassFileImporter().importPackages("dev.rivulet.arch.cyclefixture");
        EvaluationResult result =
                slices().matching("dev.rivulet.arch.cyclefixture.(*)")
                        .should()
                        .beFreeOfCycles()
                        .evaluate(fixture);
        assertThat(result.hasViolation()).isTrue();
    }

    @Test
    void theFlinkJobCarriesNoModelServerAndNoDjl() {
        noClasses()
                .that()
                .resideInAPackage("dev.rivulet.jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.rivulet.server..", "ai.djl..", "dev.rivulet.tools..")
                .because("the job's jar and its Flink image carry no DJL (docs/architecture.md)")
                .check(main);
    }

    @Test
    void modulesDependOnlyDownwards() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.rivulet.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.rivulet.protocol..",
                        "dev.rivulet.server..",
                        "dev.rivulet.algo..",
                        "dev.rivulet.operators..",
                        "dev.rivulet.jobs..",
                        "org.apache.flink..",
                        "ai.djl..",
                        "org.apache.arrow..")
                .check(main);
        noClasses()
                .that()
                .resideInAnyPackage("dev.rivulet.protocol..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.rivulet.server..",
                        "dev.rivulet.algo..",
                        "dev.rivulet.operators..",
                        "dev.rivulet.jobs..",
                        "org.apache.flink..",
                        "ai.djl..")
                .check(main);
        noClasses()
                .that()
                .resideInAnyPackage("dev.rivulet.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.rivulet.algo..",
                        "dev.rivulet.operators..",
                        "dev.rivulet.jobs..",
                        "dev.rivulet.tools..",
                        "dev.rivulet.cli..",
                        "org.apache.flink..")
                .check(main);
        noClasses()
                .that()
                .resideInAnyPackage("dev.rivulet.algo..", "dev.rivulet.operators..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.rivulet.server..",
                        "dev.rivulet.jobs..",
                        "dev.rivulet.tools..",
                        "dev.rivulet.cli..",
                        "ai.djl..")
                .check(main);
    }

    @Test
    void noTwoProductionTypesShareASimpleName() {
        Map<String, TreeSet<String>> byName = new TreeMap<>();
        for (JavaClass c : main) {
            if (c.isTopLevelClass() && !c.getSimpleName().equals("package-info")) {
                byName.computeIfAbsent(c.getSimpleName(), k -> new TreeSet<>()).add(c.getName());
            }
        }
        Map<String, TreeSet<String>> clashes =
                byName.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1)
                        .collect(
                                Collectors.toMap(
                                        Map.Entry::getKey,
                                        Map.Entry::getValue,
                                        (a, b) -> a,
                                        TreeMap::new));
        assertThat(clashes).as("types with the same simple name in two packages").isEmpty();
    }
}
