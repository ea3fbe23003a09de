package dev.rivulet.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * No Rivulet code calls DJL's array-with-number arithmetic ({@code x.mul(3.0)} and siblings): DJL
 * frees the number's buffer right after the operation while autograd may still read it in the
 * backward pass, which gave the learner NaN and wrong gradient norms. {@code
 * dev.rivulet.server.model.Scalars} is the one place allowed to build such numbers (in libtorch's
 * memory); see its Javadoc and {@code ScalarsTest}.
 */
class NumberOverloadsTest {

    private static final String[] OPERATIONS = {
        "add", "sub", "mul", "div", "pow", "maximum", "minimum", "rsub", "rdiv", "mod", "rmod",
        "rpow"
    };

    @Test
    void noArrayArithmeticWithADjlNumber() {
        JavaClasses main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(location -> !location.contains("-tests.jar"))
                        .importPackages("dev.rivulet");
        java.util.List<String> violations = new java.util.ArrayList<>();
        for (String op : OPERATIONS) {
            ArchRule rule =
                    noClasses()
                            .that()
                            .resideInAPackage("dev.rivulet..")
                            .should()
                            .callMethod(NDArray.class, op, Number.class)
                            .because(
                                    "DJL frees the number before autograd's backward pass reads"
                                            + " it; use dev.rivulet.server.model.Scalars."
                                            + op
                                            + " instead");
            violations.addAll(rule.evaluate(main).getFailureReport().getDetails());
        }
        org.assertj.core.api.Assertions.assertThat(violations)
                .as("calls of DJL's number overloads (use Scalars)")
                .isEmpty();
    }
}
