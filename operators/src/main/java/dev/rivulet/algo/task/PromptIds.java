package dev.rivulet.algo.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Stable prompt ids and canonical prompt text: the same task and text always give the same id.
 *
 * <p>The canonical text is the text with leading and trailing whitespace removed and every inner
 * run of whitespace replaced by one space. The id is {@code <task>-<16 hex digits>}, the hex digits
 * being the first 8 bytes of SHA-256 over {@code task + '\0' + canonical text} in UTF-8, for
 * example {@code arith-3f0c...}.
 */
public final class PromptIds {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final ThreadLocal<MessageDigest> SHA256 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("SHA-256");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("every JVM has SHA-256", e);
                        }
                    });

    private PromptIds() {}

    /** The text with outer whitespace stripped and inner whitespace runs collapsed to a space. */
    public static String canonicalText(String text) {
        return WHITESPACE.matcher(text.strip()).replaceAll(" ");
    }

    /** The stable id of the prompt {@code text} of task {@code task}. */
    public static String of(String task, String text) {
        byte[] digest = sha256(task + '\0' + canonicalText(text));
        return task + "-" + HexFormat.of().formatHex(digest, 0, 8);
    }

    static byte[] sha256(String s) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
