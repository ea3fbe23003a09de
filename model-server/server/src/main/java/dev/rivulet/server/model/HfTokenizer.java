package dev.rivulet.server.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (through DJL's bundled native tokenizers library, no
 * download) with named PAD, BOS and EOS tokens; text that maps to the unknown token is rejected.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> vocab;
    private final int vocabSize;
    private final int pad;
    private final int bos;
    private final int eos;
    private final int unk;

    private HfTokenizer(
            HuggingFaceTokenizer tokenizer,
            Map<String, Integer> vocab,
            int pad,
            int bos,
            int eos,
            int unk) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.vocabSize = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.pad = pad;
        this.bos = bos;
        this.eos = eos;
        this.unk = unk;
    }

    /**
     * Loads {@code tokenizer.json}; the named special tokens must exist in its vocabulary or its
     * added tokens.
     */
    public static HfTokenizer load(
            Path tokenizerJson, String padToken, String bosToken, String eosToken)
            throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
        Map<String, Integer> vocab = new HashMap<>();
        JsonNode v = root.path("model").path("vocab");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        for (JsonNode t : root.path("added_tokens")) {
            vocab.put(t.get("content").asText(), t.get("id").asInt());
        }
        String unkToken = root.path("model").path("unk_token").asText(null);
        int unk = unkToken == null ? -1 : vocab.getOrDefault(unkToken, -1);
        HuggingFaceTokenizer hf =
                HuggingFaceTokenizer.newInstance(
                        tokenizerJson, Map.of("addSpecialTokens", "false"));
        return new HfTokenizer(
                hf,
                vocab,
                special(vocab, padToken, tokenizerJson),
                special(vocab, bosToken, tokenizerJson),
                special(vocab, eosToken, tokenizerJson),
                unk);
    }

    private static int special(Map<String, Integer> vocab, String token, Path file) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("special token '" + token + "' is not in " + file);
        }
        return id;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int padId() {
        return pad;
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public int[] encode(String text) {
        Encoding enc = tokenizer.encode(text, false, false);
        long[] ids = enc.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == unk) {
                throw new IllegalArgumentException(
                        "HfTokenizer: piece '"
                                + enc.getTokens()[i]
                                + "' of \""
                                + text
                                + "\" maps to the unknown token");
            }
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, true);
    }

    @Override
    public int idOf(String piece) {
        return vocab.getOrDefault(piece, -1);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
