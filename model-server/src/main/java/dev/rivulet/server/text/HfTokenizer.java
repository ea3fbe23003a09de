package dev.rivulet.server.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.model.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tokenizer of a Hugging Face model directory: {@code tokenizer.json} through DJL's bundled
 * native tokenizers library (offline, no truncation or padding), with the special tokens of {@code
 * tokenizer_config.json} and the stop ids of {@code generation_config.json}.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {

    /** DJL's defaults would truncate to 512 tokens and pad; Hugging Face's call does neither. */
    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> vocab;
    private final int vocabSize;
    private final int unk;
    private final String bosToken;
    private final String eosToken;
    private final int pad;
    private final int[] eosIds;
    private final boolean cleanUpSpaces;

    private HfTokenizer(
            HuggingFaceTokenizer tokenizer,
            Map<String, Integer> vocab,
            int unk,
            String bosToken,
            String eosToken,
            int pad,
            int[] eosIds,
            boolean cleanUpSpaces) {
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.vocabSize = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.unk = unk;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.pad = pad;
        this.eosIds = eosIds;
        this.cleanUpSpaces = cleanUpSpaces;
    }

    /**
     * Loads {@code tokenizer.json} and {@code tokenizer_config.json} of a model directory, with
     * {@code generation_config.json} and {@code config.json} (both optional) for the stop ids and
     * the embedding size.
     *
     * @throws IllegalArgumentException when a file is missing or inconsistent, naming it
     */
    public static HfTokenizer load(Path modelDir) throws IOException {
        Path json = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("no tokenizer.json in " + modelDir);
        }
        JsonNode root = ModelFiles.JSON.readTree(json.toFile());
        Map<String, Integer> vocab = vocabulary(root);
        int unk = unknownId(root.path("model"), vocab);
        JsonNode tokenizerConfig =
                ModelFiles.readOptional(modelDir.resolve("tokenizer_config.json"));
        JsonNode generation = ModelFiles.readOptional(modelDir.resolve("generation_config.json"));
        JsonNode config = ModelFiles.readOptional(modelDir.resolve("config.json"));
        String bos = ModelFiles.tokenString(tokenizerConfig.path("bos_token"));
        String eos = ModelFiles.tokenString(tokenizerConfig.path("eos_token"));
        String padToken = ModelFiles.tokenString(tokenizerConfig.path("pad_token"));

        int[] eosIds = eosIds(generation, config, eos == null ? null : vocab.get(eos), modelDir);
        int pad;
        if (padToken != null) {
            pad = special(vocab, padToken, "pad_token", modelDir);
        } else if (eosIds.length > 0) {
            pad = eosIds[0];
        } else {
            throw new IllegalArgumentException(
                    "no pad_token and no eos token in " + modelDir + ": cannot choose a pad id");
        }
        if (bos != null) {
            special(vocab, bos, "bos_token", modelDir);
        }
        int maxId = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        JsonNode embedding = config.path("vocab_size");
        if (embedding.isInt() && maxId >= embedding.asInt()) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s: tokenizer id %d does not fit config.json vocab_size %d",
                            modelDir, maxId, embedding.asInt()));
        }
        HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json, OPTIONS);
        boolean cleanUp = tokenizerConfig.path("clean_up_tokenization_spaces").asBoolean(false);
        return new HfTokenizer(hf, vocab, unk, bos, eos, pad, eosIds, cleanUp);
    }

    private static Map<String, Integer> vocabulary(JsonNode root) {
        Map<String, Integer> vocab = new HashMap<>();
        JsonNode v = root.path("model").path("vocab");
        if (v.isArray()) { // Unigram: [piece, score] pairs, id = position
            for (int i = 0; i < v.size(); i++) {
                vocab.put(v.get(i).get(0).asText(), i);
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                vocab.put(e.getKey(), e.getValue().asInt());
            }
        }
        for (JsonNode t : root.path("added_tokens")) {
            vocab.put(t.get("content").asText(), t.get("id").asInt());
        }
        return vocab;
    }

    private static int unknownId(JsonNode model, Map<String, Integer> vocab) {
        if (model.path("unk_id").isInt()) {
            return model.get("unk_id").asInt();
        }
        String unkToken = model.path("unk_token").asText(null);
        return unkToken == null ? -1 : vocab.getOrDefault(unkToken, -1);
    }

    /** generation_config eos ids (int or list), else config.json's, then the tokenizer's eos. */
    private static int[] eosIds(
            JsonNode generation, JsonNode config, Integer tokenizerEos, Path modelDir) {
        Set<Integer> ids = new LinkedHashSet<>();
        JsonNode field = generation.path("eos_token_id");
        if (field.isMissingNode() || field.isNull()) {
            field = config.path("eos_token_id");
        }
        if (field.isInt()) {
            ids.add(field.asInt());
        } else if (field.isArray()) {
            field.forEach(n -> ids.add(n.asInt()));
        } else if (!field.isMissingNode() && !field.isNull()) {
            throw new IllegalArgumentException(
                    modelDir + ": eos_token_id must be an int or a list of ints, got " + field);
        }
        if (tokenizerEos != null) {
            ids.add(tokenizerEos);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int special(Map<String, Integer> vocab, String token, String field, Path dir) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException(
                    field + " '" + token + "' of " + dir + " is not in tokenizer.json");
        }
        return id;
    }

    /**
     * Token ids of the text, exactly as Hugging Face {@code tokenizer(text,
     * add_special_tokens=...)} gives them; with special tokens the tokenizer's post-processor adds
     * what the model expects (a BOS for Llama, nothing for Qwen).
     *
     * @throws IllegalArgumentException naming the first piece that maps to the unknown token
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        Encoding enc = tokenizer.encode(text, addSpecialTokens, false);
        long[] ids = enc.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == unk) {
                throw new IllegalArgumentException(
                        "cannot tokenize '"
                                + piece(enc, i, text)
                                + "' of \""
                                + text
                                + "\": it maps to the unknown token");
            }
            out[i] = (int) ids[i];
        }
        return out;
    }

    private static String piece(Encoding enc, int i, String text) {
        CharSpan[] spans = enc.getCharTokenSpans();
        if (spans != null && i < spans.length && spans[i] != null) {
            int start = spans[i].getStart();
            int end = spans[i].getEnd();
            if (0 <= start && start < end && end <= text.length()) {
                return text.substring(start, end);
            }
        }
        return enc.getTokens()[i];
    }

    /** Encodes without special tokens. */
    @Override
    public int[] encode(String text) {
        return encode(text, false);
    }

    /** What Hugging Face {@code tokenizer(prompt)} gives: the text with special tokens. */
    @Override
    public int[] encodePrompt(String prompt) {
        return encode(prompt, true);
    }

    /**
     * Decodes ids, skipping special tokens, as {@code tokenizer.decode(ids,
     * skip_special_tokens=True)} does (with its {@code clean_up_tokenization_spaces}). Ids at or
     * above the tokenizer's vocabulary are skipped too, as the Hugging Face tokenizers library
     * does: a checkpoint's embedding table is often padded past its tokenizer (Qwen2/Qwen3: 151 936
     * rows for 151 669 tokens), and a policy can sample those rows.
     *
     * @throws IllegalArgumentException for a negative id
     */
    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        int n = 0;
        for (int id : ids) {
            if (id < 0) {
                throw new IllegalArgumentException("negative token id " + id);
            }
            if (id < vocabSize) {
                l[n++] = id;
            }
        }
        String text = tokenizer.decode(n == l.length ? l : Arrays.copyOf(l, n), true);
        return cleanUpSpaces ? cleanUp(text) : text;
    }

    /** transformers' {@code clean_up_tokenization}: no space before punctuation and clitics. */
    static String cleanUp(String text) {
        return text.replace(" .", ".")
                .replace(" ?", "?")
                .replace(" !", "!")
                .replace(" ,", ",")
                .replace(" ' ", "'")
                .replace(" n't", "n't")
                .replace(" 'm", "'m")
                .replace(" 's", "'s")
                .replace(" 've", "'ve")
                .replace(" 're", "'re");
    }

    /** Max id + 1 over the vocabulary and the added tokens (the embedding may be larger). */
    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** The pad token of tokenizer_config.json, else the first eos id. */
    @Override
    public int padId() {
        return pad;
    }

    /** The BOS id, or -1 for a tokenizer without one (Qwen). */
    @Override
    public int bosId() {
        return bosToken == null ? -1 : vocab.get(bosToken);
    }

    /** The first stop id. */
    @Override
    public int eosId() {
        if (eosIds.length == 0) {
            throw new IllegalStateException("the tokenizer has no eos token");
        }
        return eosIds[0];
    }

    /**
     * Stop ids: generation_config.json {@code eos_token_id} (int or list; else config.json's), then
     * the tokenizer's eos token if not among them.
     */
    public int[] eosIds() {
        return eosIds.clone();
    }

    /** The BOS token string of tokenizer_config.json (for chat templates), or null. */
    public String bosToken() {
        return bosToken;
    }

    /** The EOS token string of tokenizer_config.json (for chat templates), or null. */
    public String eosToken() {
        return eosToken;
    }

    /** The id of a vocabulary entry or added token, or -1. */
    @Override
    public int idOf(String piece) {
        return vocab.getOrDefault(piece, -1);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
