package dev.rivulet.server.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Character-level tokenizer for arithmetic-style tasks: PAD, BOS, EOS, then digits, operators,
 * letters, space and punctuation, one id per character.
 */
public final class CharTokenizer implements Tokenizer {

    /**
     * Characters in id order after the three specials; keep stable, ids are part of checkpoints.
     */
    public static final String DEFAULT_ALPHABET =
            "0123456789+-−×*/=(),"
                    + "abcdefghijklmnopqrstuvwxyz"
                    + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    + " .:;!?'\"<>[]{}%^_#&|~@$\n";

    private static final int SPECIALS = 3;

    private final String alphabet;
    private final Map<Integer, Integer> ids = new HashMap<>();

    /** Tokenizer over {@link #DEFAULT_ALPHABET}. */
    public CharTokenizer() {
        this(DEFAULT_ALPHABET);
    }

    /** Tokenizer over the given characters (no duplicates, BMP code points). */
    public CharTokenizer(String alphabet) {
        this.alphabet = alphabet;
        for (int i = 0; i < alphabet.length(); i++) {
            Integer prev = ids.put((int) alphabet.charAt(i), SPECIALS + i);
            if (prev != null) {
                throw new IllegalArgumentException(
                        "duplicate character '" + alphabet.charAt(i) + "' in alphabet");
            }
        }
    }

    @Override
    public int vocabSize() {
        return SPECIALS + alphabet.length();
    }

    @Override
    public int padId() {
        return 0;
    }

    @Override
    public int bosId() {
        return 1;
    }

    @Override
    public int eosId() {
        return 2;
    }

    @Override
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            Integer id = ids.get((int) text.charAt(i));
            if (id == null) {
                throw new IllegalArgumentException(
                        String.format(
                                "CharTokenizer: unknown character '%s' (U+%04X) at index %d of \"%s\"",
                                text.charAt(i), (int) text.charAt(i), i, text));
            }
            out[i] = id;
        }
        return out;
    }

    @Override
    public String decode(int[] tokens) {
        StringBuilder sb = new StringBuilder(tokens.length);
        for (int id : tokens) {
            if (id >= SPECIALS && id < vocabSize()) {
                sb.append(alphabet.charAt(id - SPECIALS));
            } else if (id < 0 || id >= vocabSize()) {
                throw new IllegalArgumentException(
                        "CharTokenizer: id " + id + " outside vocabulary of " + vocabSize());
            }
        }
        return sb.toString();
    }

    @Override
    public int idOf(String piece) {
        if (piece.length() != 1) {
            return -1;
        }
        return ids.getOrDefault((int) piece.charAt(0), -1);
    }
}
