package dev.rivulet.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Keeps the strategies in {@code dev.rivulet.algo} free of Flink and DJL (STYLE.md #1). */
class AlgoIsFlinkFreeTest {

    /** The rule: no class of the algo packages may touch Flink or DJL. */
    static final ArchRule ALGO_IS_FLINK_AND_DJL_FREE =
            noClasses()
                    .that()
                    .resideInAPackage("dev.rivulet.algo..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.apache.flink..", "ai.djl..")
                    .because("strategies are plain Java; operators only adapt them (STYLE.md #1)");

    @Test
    void productionAlgoClassesDependOnNeitherFlinkNorDjl() {
        JavaClasses main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.rivulet");
        assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith("dev.rivulet.algo")))
                .as("the importer must see the algo classes, else the rule checks nothing")
                .isTrue();
        ALGO_IS_FLINK_AND_DJL_FREE.check(main);
    }

    @Test
    void theRuleCatchesAViolation() {
        // A test-only class in dev.rivulet.algo.archfixture imports Flink on purpose.
        JavaClasses fixture =
                new ClassFileImporter().importPackages("dev.rivulet.algo.archfixture");
        EvaluationResult result = ALGO_IS_FLINK_AND_DJL_FREE.evaluate(fixture);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("org.apache.flink");
    }
}
