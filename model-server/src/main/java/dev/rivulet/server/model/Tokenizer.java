package dev.rivulet.server.model;

/** Maps text to token ids and back; ids 0..vocabSize-1 include the special PAD, BOS and EOS. */
public interface Tokenizer {

    /** Number of distinct ids. */
    int vocabSize();

    /** Padding id (never trained on, never generated on purpose). */
    int padId();

    /** Beginning-of-sequence id, put in front of every prompt. */
    int bosId();

    /** End-of-sequence id, the default stop token. */
    int eosId();

    /**
     * Encodes text without special tokens.
     *
     * @throws IllegalArgumentException naming the first character (or piece) it cannot encode
     */
    int[] encode(String text);

    /** Decodes ids, skipping PAD, BOS and EOS. */
    String decode(int[] ids);

    /** The id of a single character or piece, or -1 if it has none (used for stop characters). */
    int idOf(String piece);

    /** BOS followed by the encoded prompt: what the generator and the learner expect as prompt. */
    default int[] encodePrompt(String prompt) {
        int[] body = encode(prompt);
        int[] out = new int[body.length + 1];
        out[0] = bosId();
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
