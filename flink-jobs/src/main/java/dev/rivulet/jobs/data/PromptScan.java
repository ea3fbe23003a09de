package dev.rivulet.jobs.data;

import dev.rivulet.protocol.Prompt;
import java.util.List;

/**
 * What a start-time scan of a prompt path found.
 *
 * @param path the file or directory scanned
 * @param rows non-blank rows read
 * @param servable the prompts the server admitted, in file order
 * @param deadLetters rows that cannot become servable prompts (malformed or refused)
 * @param firstReasons the reasons of the first few dead letters, {@code file:line: reason}
 */
public record PromptScan(
        String path,
        long rows,
        List<Prompt> servable,
        long deadLetters,
        List<String> firstReasons) {

    public PromptScan {
        servable = List.copyOf(servable);
        firstReasons = List.copyOf(firstReasons);
    }

    /** The failure message when nothing is servable. */
    public String noServableMessage() {
        return "no servable prompt in "
                + path
                + ": "
                + rows
                + " rows, "
                + deadLetters
                + " dead letters"
                + (firstReasons.isEmpty()
                        ? ""
                        : ", first reasons: " + String.join("; ", firstReasons));
    }
}
