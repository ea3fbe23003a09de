package dev.rivulet.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of SQL files (question, statements, placeholders) and the text-table rendering. */
class SqlFileTest {

    @Test
    void leadingCommentIsTheQuestionAndStatementsSplitOutsideQuotes() {
        SqlFile f =
                SqlFile.parse(
                        "x",
                        "-- Question: how many?\n-- second line\nCREATE TABLE a (s STRING) WITH"
                                + " ('path' = '${run}/a;b'); -- trailing\n\nSELECT ';' FROM a;\n");
        assertThat(f.question()).isEqualTo("Question: how many? second line");
        assertThat(f.statements()).hasSize(2);
        assertThat(f.statements().get(1)).isEqualTo("SELECT ';' FROM a");
        assertThat(f.statements(Map.of("run", "file:///r")).get(0)).contains("'file:///r/a;b'");
    }

    @Test
    void aPlaceholderWithoutValueAndAFileOfManyQueriesFailLoudly() {
        SqlFile f = SqlFile.parse("x", "SELECT '${nope}'; SELECT 1");
        assertThatThrownBy(() -> f.statements(Map.of("run", "r")))
                .hasMessageContaining("${nope}")
                .hasMessageContaining("[run]");
        assertThatThrownBy(f::query).hasMessageContaining("exactly one query");
    }

    @Test
    void everyShippedQueryFileIsOneQueryWithAQuestion() {
        for (var p : SqlViews.queryFiles(RecordedRun.sqlDir())) {
            SqlFile f = SqlFile.read(p);
            assertThat(f.question()).as(f.name()).startsWith("Question: ");
            assertThat(f.query()).as(f.name()).startsWithIgnoringCase("SELECT");
        }
    }

    @Test
    void textTableAlignsNumbersAndFormatsTimesInUtc() {
        String text =
                TextTable.render(
                        List.of("t", "n", "x"),
                        List.of(
                                List.of(Instant.parse("2024-01-02T03:04:05Z"), 7L, 0.5),
                                List.of(Instant.parse("2024-01-02T03:05:05Z"), 12L, Double.NaN)),
                        10);
        assertThat(text)
                .contains("| 2024-01-02 03:04:05 |  7 | 0.5000 |")
                .contains("|    NaN |")
                .endsWith("2 rows\n");
    }
}
