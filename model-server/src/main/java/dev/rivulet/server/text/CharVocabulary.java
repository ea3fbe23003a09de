package dev.rivulet.server.text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the demo's character vocabulary as Hugging Face tokenizer files: ids 0 {@code <pad>}, 1
 * {@code <bos>}, 2 {@code <eos>}, then one id per {@link #ALPHABET} character (the ids of the
 * character tokenizer before models came as Hub directories), then {@code <unk>} for refused
 * characters; a BOS in front with special tokens, characters fused when decoding, no chat template.
 */
public final class CharVocabulary {

    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String UNK = "<unk>";

    /**
     * Characters in id order after the three specials; keep stable, ids are part of checkpoints.
     */
    public static final String ALPHABET =
            "0123456789+-−×*/=(),"
                    + "abcdefghijklmnopqrstuvwxyz"
                    + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    + " .:;!?'\"<>[]{}%^_#&|~@$\n";

    /** Ids of the default vocabulary: three specials, the alphabet, then {@code <unk>}. */
    public static int size() {
        return ALPHABET.length() + 4;
    }

    /**
     * The default vocabulary's tokenizer, loaded through the one loading path ({@link
     * HfTokenizer#load}) from files written to a scratch directory.
     */
    public static HfTokenizer tokenizer() {
        try {
            Path dir = Files.createTempDirectory("rivulet-vocab");
            try {
                write(dir);
                return HfTokenizer.load(dir);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the character vocabulary", e);
        }
    }

    private CharVocabulary() {}

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} for the default alphabet. */
    public static void write(Path dir) throws IOException {
        write(dir, ALPHABET);
    }

    /** Writes the tokenizer files for the given alphabet (distinct BMP characters). */
    public static void write(Path dir, String alphabet) throws IOException {
        Files.createDirectories(dir);
        ModelFiles.JSON
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("tokenizer.json").toFile(), tokenizerJson(alphabet));
        ObjectNode config = ModelFiles.JSON.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("bos_token", BOS);
        config.put("eos_token", EOS);
        config.put("pad_token", PAD);
        config.put("unk_token", UNK);
        config.put("clean_up_tokenization_spaces", false);
        ModelFiles.JSON
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("tokenizer_config.json").toFile(), config);
    }

    static ObjectNode tokenizerJson(String alphabet) {
        ObjectNode vocab = ModelFiles.JSON.createObjectNode();
        ArrayNode added = ModelFiles.JSON.createArrayNode();
        for (String special : new String[] {PAD, BOS, EOS}) {
            special(added, vocab, special, vocab.size());
        }
        for (int i = 0; i < alphabet.length(); i++) {
            String c = String.valueOf(alphabet.charAt(i));
            if (vocab.has(c) || Character.isSurrogate(alphabet.charAt(i))) {
                throw new IllegalArgumentException(
                        "alphabet character '" + c + "' is repeated or not a BMP character");
            }
            vocab.put(c, vocab.size());
        }
        special(added, vocab, UNK, vocab.size());

        ObjectNode root = ModelFiles.JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", added);
        root.putNull("normalizer");
        ObjectNode split = root.putObject("pre_tokenizer");
        split.put("type", "Split");
        // one character, newline included: [\s\S], as the tokenizers regex engine has no (?s)
        split.putObject("pattern").put("Regex", "[\\s\\S]");
        split.put("behavior", "Isolated");
        split.put("invert", false);
        root.set("post_processor", bosInFront());
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        model.set("vocab", vocab);
        model.put("unk_token", UNK);
        return root;
    }

    private static void special(ArrayNode added, ObjectNode vocab, String token, int id) {
        vocab.put(token, id);
        ObjectNode t = added.addObject();
        t.put("id", id);
        t.put("content", token);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
    }

    /** TemplateProcessing: {@code <bos> $A} (and {@code <bos> $A $B:1} for pairs). */
    private static ObjectNode bosInFront() {
        ObjectNode p = ModelFiles.JSON.createObjectNode();
        p.put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        piece(single, "SpecialToken", BOS, 0);
        piece(single, "Sequence", "A", 0);
        ArrayNode pair = p.putArray("pair");
        piece(pair, "SpecialToken", BOS, 0);
        piece(pair, "Sequence", "A", 0);
        piece(pair, "Sequence", "B", 1);
        ObjectNode bos = p.putObject("special_tokens").putObject(BOS);
        bos.put("id", BOS);
        bos.putArray("ids").add(1);
        bos.putArray("tokens").add(BOS);
        return p;
    }

    private static void piece(ArrayNode list, String kind, String id, int typeId) {
        ObjectNode inner = list.addObject().putObject(kind);
        inner.put("id", id);
        inner.put("type_id", typeId);
    }
}
