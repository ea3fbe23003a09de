package dev.rivulet.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps the RolloutLoop's and the LearnerSink's logic free of Flink: in {@code
 * dev.rivulet.operators.loop} and {@code .learner} only the operator, its factory and the
 * keyed-state and metric adapters may touch Flink (STYLE.md #1).
 */
class OperatorLogicIsFlinkFreeTest {

    private static final String LOOP = "dev.rivulet.operators.loop";
    private static final String ADAPTERS =
            LOOP
                    + "\\.(RolloutLoopOperator|RolloutLoopOperatorFactory|KeyedShardState|LoopMetrics)(\\$.*)?";

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(LOOP);

    @Test
    void onlyTheAdaptersOfTheLoopDependOnFlink() {
        assertThat(MAIN.stream().map(JavaClass::getSimpleName))
                .as("the importer must see the loop's classes, else the rule checks nothing")
                .contains("VersionGate", "CallPlanner", "KlRescoring", "ShardLoop");
        noClasses()
                .that()
                .resideInAPackage(LOOP)
                .and()
                .haveNameNotMatching(ADAPTERS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..")
                .because("the loop's logic is plain Java; the operator only adapts it")
                .check(MAIN);
    }

    @Test
    void onlyTheAdaptersOfTheLearnerDependOnFlink() {
        String learner = "dev.rivulet.operators.learner";
        JavaClasses classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(learner);
        assertThat(classes.stream().map(JavaClass::getSimpleName))
                .as("the importer must see the learner's classes, else the rule checks nothing")
                .contains("CommitProtocol", "ReplayBuffer", "RetryPolicy", "LearnerCore");
        noClasses()
                .that()
                .resideInAPackage(learner)
                .and()
                .haveNameNotMatching(
                        learner
                                + "\\.(LearnerSinkOperator|LearnerSinkOperatorFactory|KeyedLearnerState)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..")
                .because("the learner's logic is plain Java; the operator only adapts it")
                .check(classes);
    }

    @Test
    void theAdaptersDoDependOnFlinkSoTheRuleCanFail() {
        assertThat(
                        noClasses()
                                .that()
                                .resideInAPackage(LOOP)
                                .should()
                                .dependOnClassesThat()
                                .resideInAnyPackage("org.apache.flink..")
                                .evaluate(MAIN)
                                .hasViolation())
                .isTrue();
    }
}
