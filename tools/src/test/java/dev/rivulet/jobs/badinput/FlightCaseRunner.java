package dev.rivulet.jobs.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.protocol.arrow.Schemas;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sends one case of {@code bad-input/flight.jsonl} to a server over raw Flight (no client-side
 * checks) and reports how it ended: the Flight status code and message, or {@code ACCEPTED}.
 *
 * <p>A case is an {@code action} (name and raw body), a {@code put} (DoPut of rows to a descriptor
 * path) or an {@code exchange} (DoExchange of rows, then reading the answer). Rows name only the
 * columns they change; the others come from the schema's template row ({@link #TEMPLATES}). {@code
 * token} picks the authorization header: good (default), none, wrong, basic or empty-bearer.
 */
final class FlightCaseRunner {

    /** How a case ended: a Flight status code name (or ACCEPTED) and the message. */
    record Outcome(String code, String message) {}

    /** The rows a case starts from, one per schema; a case overrides columns of these. */
    static final Map<String, String> TEMPLATES =
            Map.of(
                    "train",
                    "{\"rollout_id\":\"r\",\"prompt_id\":\"p\",\"task\":\"arith\",\"difficulty\":1,"
                            + "\"prompt_tokens\":[1,4,13,4,19],\"response_tokens\":[5,2],"
                            + "\"behaviour_logprobs\":[-0.7,-0.7],\"reward\":1.0,"
                            + "\"advantage\":1.0,\"policy_version\":0,\"group_id\":\"g\","
                            + "\"token_advantages\":[],\"group_size\":1}",
                    "generation_request",
                    "{\"request_id\":\"q\",\"prompt_id\":\"p\",\"prompt\":\"1+1=\","
                            + "\"num_samples\":1,\"temperature\":1.0,\"top_p\":1.0,"
                            + "\"max_new_tokens\":4,\"seed\":1,\"greedy\":false,"
                            + "\"template\":\"raw\",\"system_prompt\":\"\"}",
                    "score_request",
                    "{\"sequence_id\":\"s\",\"prompt_tokens\":[1,4,13,4,19],"
                            + "\"response_tokens\":[5,2]}");

    private final FlightClient flight;
    private final BufferAllocator allocator;
    private final String token;

    FlightCaseRunner(FlightClient flight, BufferAllocator allocator, String token) {
        this.flight = flight;
        this.allocator = allocator;
        this.token = token;
    }

    Outcome run(JsonNode c) {
        try {
            if (c.has("action")) {
                return action(c);
            }
            if (c.has("put")) {
                return put(c);
            }
            if (c.has("exchange")) {
                return exchange(c);
            }
            throw new IllegalArgumentException("case has no action, put or exchange: " + c);
        } catch (FlightRuntimeException e) {
            return new Outcome(e.status().code().name(), String.valueOf(e.getMessage()));
        }
    }

    private Outcome action(JsonNode c) {
        byte[] body = c.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        Iterator<Result> results =
                flight.doAction(new Action(c.get("action").asText(), body), auth(c));
        StringBuilder answer = new StringBuilder();
        while (results.hasNext()) {
            answer.append(new String(results.next().getBody(), StandardCharsets.UTF_8));
        }
        return new Outcome("ACCEPTED", answer.toString());
    }

    private Outcome put(JsonNode c) throws FlightRuntimeException {
        String name = c.get("case").asText();
        try (VectorSchemaRoot root = root(c, "train", name);
                SyncPutListener listener = new SyncPutListener()) {
            FlightClient.ClientStreamListener writer =
                    flight.startPut(
                            FlightDescriptor.path(c.get("put").asText()), root, listener, auth(c));
            if (root.getRowCount() > 0) {
                writer.putNext();
            }
            writer.completed();
            writer.getResult();
            return new Outcome("ACCEPTED", "put completed");
        }
    }

    private Outcome exchange(JsonNode c) throws FlightRuntimeException {
        String name = c.get("case").asText();
        try (FlightClient.ExchangeReaderWriter rw =
                        flight.doExchange(
                                FlightDescriptor.path(c.get("exchange").asText()), auth(c));
                VectorSchemaRoot root = root(c, "generation_request", name)) {
            FlightClient.ClientStreamListener writer = rw.getWriter();
            writer.start(root);
            writer.putNext();
            writer.completed();
            FlightStream reader = rw.getReader();
            int rows = 0;
            while (reader.next()) {
                rows += reader.getRoot().getRowCount();
            }
            return new Outcome("ACCEPTED", rows + " rows answered");
        } catch (FlightRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case's rows on its schema: template row with the case's columns, ids made unique. */
    private VectorSchemaRoot root(JsonNode c, String defaultSchema, String name) {
        String schemaName = c.path("schema").asText(defaultSchema);
        Schema schema = schema(schemaName, c, name);
        JsonNode template = CorpusFiles.parse(TEMPLATES.get(schemaName));
        List<JsonNode> rows = new ArrayList<>();
        JsonNode given = c.has("rows") ? c.get("rows") : CorpusFiles.parse("[{}]");
        int repeat = c.path("repeat").asInt(1);
        for (int r = 0; r < repeat; r++) {
            for (JsonNode g : given) {
                ObjectNode row = template.deepCopy();
                String idColumn = schema.getFields().get(0).getName();
                row.put(idColumn, name + "-" + rows.size());
                g.fields().forEachRemaining(e -> row.set(e.getKey(), e.getValue()));
                rows.add(row);
            }
        }
        return ArrowRows.encode(schema, rows, allocator);
    }

    private static Schema schema(String schemaName, JsonNode c, String name) {
        Schema base =
                switch (schemaName) {
                    case "train" -> Schemas.trainBatch(name, false);
                    case "generation_request" -> Schemas.GENERATION_REQUEST;
                    case "score_request" -> Schemas.SCORE_REQUEST;
                    default -> throw new IllegalArgumentException("unknown schema " + schemaName);
                };
        List<Field> fields = new ArrayList<>(base.getFields());
        for (JsonNode d : c.path("drop")) {
            fields.removeIf(f -> f.getName().equals(d.asText()));
        }
        Map<String, String> meta =
                new HashMap<>(
                        base.getCustomMetadata() == null ? Map.of() : base.getCustomMetadata());
        c.path("meta")
                .fields()
                .forEachRemaining(
                        e -> {
                            if (e.getValue().isNull()) {
                                meta.remove(e.getKey());
                            } else {
                                meta.put(e.getKey(), e.getValue().asText());
                            }
                        });
        Schema out = new Schema(fields, meta);
        var retype = c.path("retype").fields();
        while (retype.hasNext()) {
            var e = retype.next();
            out = ArrowRows.retype(out, e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private CallOption auth(JsonNode c) {
        CallHeaders h = new FlightCallHeaders();
        switch (c.path("token").asText("good")) {
            case "good" -> h.insert("authorization", "Bearer " + token);
            case "none" -> {}
            case "wrong" -> h.insert("authorization", "Bearer not-the-" + "token");
            case "basic" -> h.insert("authorization", "Basic dXNlcjpwYXNz");
            case "empty-bearer" -> h.insert("authorization", "Bearer ");
            default -> throw new IllegalArgumentException("unknown token kind in " + c);
        }
        return new HeaderCallOption(h);
    }
}
