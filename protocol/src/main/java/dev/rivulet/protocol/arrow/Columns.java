package dev.rivulet.protocol.arrow;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/** Typed cell access on the vectors of a {@link VectorSchemaRoot}; nulls fail with the column. */
final class Columns {

    private final VectorSchemaRoot root;

    Columns(VectorSchemaRoot root) {
        this.root = root;
    }

    private <T extends FieldVector> T vector(String name, Class<T> type) {
        FieldVector v = root.getVector(name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(
                    "column " + name + " is missing or not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private static void present(FieldVector v, int row) {
        if (v.isNull(row)) {
            throw new IllegalArgumentException("column " + v.getName() + " is null");
        }
    }

    /** Whether the root has column {@code name} (optional columns may be absent). */
    boolean has(String name) {
        return root.getVector(name) != null;
    }

    /** Sets an optional column's cell; does nothing when the root lacks the column. */
    void setOptionalString(String name, int row, String value) {
        if (has(name)) {
            setString(name, row, value);
        }
    }

    /** Sets an optional column's cell; does nothing when the root lacks the column. */
    void setOptionalInt(String name, int row, int value) {
        if (has(name)) {
            setInt(name, row, value);
        }
    }

    /** An optional column's cell: null when the column is absent or the cell is null. */
    String getOptionalString(String name, int row) {
        FieldVector v = root.getVector(name);
        return v == null || v.isNull(row) ? null : getString(name, row);
    }

    /** An optional column's cell: null when the column is absent or the cell is null. */
    Integer getOptionalInt(String name, int row) {
        FieldVector v = root.getVector(name);
        return v == null || v.isNull(row) ? null : getInt(name, row);
    }

    void setString(String name, int row, String value) {
        vector(name, VarCharVector.class).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }

    String getString(String name, int row) {
        VarCharVector v = vector(name, VarCharVector.class);
        present(v, row);
        return new String(v.get(row), StandardCharsets.UTF_8);
    }

    void setInt(String name, int row, int value) {
        vector(name, IntVector.class).setSafe(row, value);
    }

    int getInt(String name, int row) {
        IntVector v = vector(name, IntVector.class);
        present(v, row);
        return v.get(row);
    }

    void setLong(String name, int row, long value) {
        vector(name, BigIntVector.class).setSafe(row, value);
    }

    long getLong(String name, int row) {
        BigIntVector v = vector(name, BigIntVector.class);
        present(v, row);
        return v.get(row);
    }

    void setFloat(String name, int row, float value) {
        vector(name, Float4Vector.class).setSafe(row, value);
    }

    float getFloat(String name, int row) {
        Float4Vector v = vector(name, Float4Vector.class);
        present(v, row);
        return v.get(row);
    }

    void setDouble(String name, int row, double value) {
        vector(name, Float8Vector.class).setSafe(row, value);
    }

    double getDouble(String name, int row) {
        Float8Vector v = vector(name, Float8Vector.class);
        present(v, row);
        return v.get(row);
    }

    void setBoolean(String name, int row, boolean value) {
        vector(name, BitVector.class).setSafe(row, value ? 1 : 0);
    }

    boolean getBoolean(String name, int row) {
        BitVector v = vector(name, BitVector.class);
        present(v, row);
        return v.get(row) != 0;
    }

    void setInts(String name, int row, int[] values) {
        ListVector list = vector(name, ListVector.class);
        int offset = list.startNewValue(row);
        IntVector data = (IntVector) list.getDataVector();
        for (int j = 0; j < values.length; j++) {
            data.setSafe(offset + j, values[j]);
        }
        list.endValue(row, values.length);
    }

    int[] getInts(String name, int row) {
        ListVector list = vector(name, ListVector.class);
        present(list, row);
        IntVector data = (IntVector) list.getDataVector();
        int start = list.getElementStartIndex(row);
        int[] values = new int[list.getElementEndIndex(row) - start];
        for (int j = 0; j < values.length; j++) {
            present(data, start + j);
            values[j] = data.get(start + j);
        }
        return values;
    }

    void setFloats(String name, int row, float[] values) {
        ListVector list = vector(name, ListVector.class);
        int offset = list.startNewValue(row);
        Float4Vector data = (Float4Vector) list.getDataVector();
        for (int j = 0; j < values.length; j++) {
            data.setSafe(offset + j, values[j]);
        }
        list.endValue(row, values.length);
    }

    float[] getFloats(String name, int row) {
        ListVector list = vector(name, ListVector.class);
        present(list, row);
        Float4Vector data = (Float4Vector) list.getDataVector();
        int start = list.getElementStartIndex(row);
        float[] values = new float[list.getElementEndIndex(row) - start];
        for (int j = 0; j < values.length; j++) {
            present(data, start + j);
            values[j] = data.get(start + j);
        }
        return values;
    }
}
