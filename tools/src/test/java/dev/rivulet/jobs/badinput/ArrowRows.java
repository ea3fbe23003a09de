package dev.rivulet.jobs.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes JSON rows into an Arrow root of any schema made of the protocol's column types (utf8,
 * int32, int64, float32, float64, bool, list of int32 or float32), without the records' checks, so
 * that a test can send values the typed API refuses to build (NaN, nulls, negative ids).
 */
final class ArrowRows {

    private ArrowRows() {}

    /** A root of {@code schema} holding {@code rows} (a JSON null or an absent column: null). */
    static VectorSchemaRoot encode(Schema schema, List<JsonNode> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (FieldVector v : root.getFieldVectors()) {
            for (int i = 0; i < rows.size(); i++) {
                JsonNode value = rows.get(i).get(v.getName());
                if (value == null || value.isNull()) {
                    v.setNull(i);
                } else {
                    set(v, i, value);
                }
            }
            v.setValueCount(rows.size());
        }
        root.setRowCount(rows.size());
        return root;
    }

    /** {@code schema} with the column {@code name} changed to {@code type} (float32, utf8, ...). */
    static Schema retype(Schema schema, String name, String type) {
        List<Field> fields =
                schema.getFields().stream()
                        .map(
                                f ->
                                        f.getName().equals(name)
                                                ? new Field(
                                                        name,
                                                        FieldType.nullable(arrowType(type)),
                                                        null)
                                                : f)
                        .toList();
        return new Schema(fields, schema.getCustomMetadata());
    }

    private static ArrowType arrowType(String type) {
        return switch (type) {
            case "utf8" -> ArrowType.Utf8.INSTANCE;
            case "int32" -> new ArrowType.Int(32, true);
            case "int64" -> new ArrowType.Int(64, true);
            case "float32" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "float64" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "bool" -> ArrowType.Bool.INSTANCE;
            default -> throw new IllegalArgumentException("unknown column type " + type);
        };
    }

    private static void set(FieldVector v, int i, JsonNode value) {
        if (v instanceof VarCharVector s) {
            s.setSafe(i, value.asText().getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof IntVector n) {
            n.setSafe(i, value.intValue());
        } else if (v instanceof BigIntVector n) {
            n.setSafe(i, value.longValue());
        } else if (v instanceof Float4Vector n) {
            n.setSafe(i, (float) value.doubleValue());
        } else if (v instanceof Float8Vector n) {
            n.setSafe(i, value.doubleValue());
        } else if (v instanceof BitVector n) {
            n.setSafe(i, value.asBoolean() ? 1 : 0);
        } else if (v instanceof ListVector l) {
            UnionListWriter w = l.getWriter();
            w.setPosition(i);
            w.startList();
            boolean floats =
                    l.getField().getChildren().get(0).getType() instanceof ArrowType.FloatingPoint;
            for (JsonNode e : value) {
                if (floats) {
                    w.float4().writeFloat4((float) e.doubleValue());
                } else {
                    w.integer().writeInt(e.intValue());
                }
            }
            w.endList();
        } else {
            throw new IllegalArgumentException("unsupported column " + v.getField());
        }
    }
}
