package dev.bitflow.plugins.export.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Builds one ONNX graph with the ONNX protobuf classes that ship with ND4J ({@code onnx.Onnx}): initializers,
 * nodes with fresh output names, one float input with a symbolic batch dimension and one float output. Opset 13,
 * IR version 7; only operators of the default domain.
 */
final class OnnxGraph {
    static final int OPSET = 13;
    static final long IR_VERSION = 7;

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final Map<String, Integer> counters = new LinkedHashMap<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float32 input {@code [batch, dims...]}. */
    void input(String name, long... dims) {
        graph.addInput(valueInfo(name, Onnx.TensorProto.DataType.FLOAT_VALUE, dims));
    }

    /** A float32 output {@code [batch, dims...]}. */
    void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, Onnx.TensorProto.DataType.FLOAT_VALUE, dims));
    }

    private static Onnx.ValueInfoProto valueInfo(String name, int type, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    /** A float32 constant; returns its name. */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer b = littleEndian(values.length * 4);
        b.asFloatBuffer().put(values);
        return constant(name, Onnx.TensorProto.DataType.FLOAT_VALUE, b.array(), dims);
    }

    /** An int32 constant; returns its name. */
    String ints(String name, int[] values, long... dims) {
        ByteBuffer b = littleEndian(values.length * 4);
        b.asIntBuffer().put(values);
        return constant(name, Onnx.TensorProto.DataType.INT32_VALUE, b.array(), dims);
    }

    /** An int64 constant (shapes, pads); returns its name. */
    String longs(String name, long[] values, long... dims) {
        ByteBuffer b = littleEndian(values.length * 8);
        b.asLongBuffer().put(values);
        return constant(name, Onnx.TensorProto.DataType.INT64_VALUE, b.array(), dims);
    }

    /** ONNX raw tensor data is little-endian. */
    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A bool constant; returns its name. */
    String bools(String name, boolean[] values, long... dims) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return constant(name, Onnx.TensorProto.DataType.BOOL_VALUE, bytes, dims);
    }

    /** A float scalar constant. */
    String scalar(String name, float value) {
        return floats(name, new float[] {value});
    }

    private String constant(String name, int type, byte[] raw, long... dims) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Starts a node of operator {@code op}; its output names come from {@code hint}. */
    Node node(String op, String hint, String... inputs) {
        return new Node(op, hint, inputs);
    }

    /** A fresh value name from {@code hint}. */
    String fresh(String hint) {
        int n = counters.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + n;
    }

    Onnx.ModelProto model(String producerVersion, String doc, Map<String, String> metadata) {
        Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("BitFlow Workbench").setProducerVersion(producerVersion).setDocString(doc)
                .setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** One node under construction. */
    final class Node {
        private final Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder();
        private final String hint;

        Node(String op, String hint, String... inputs) {
            this.hint = hint;
            node.setOpType(op).setName(fresh(hint + "/" + op));
            for (String in : inputs) {
                node.addInput(in);
            }
        }

        Node ints(String name, long... values) {
            Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                    .setType(Onnx.AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            node.addAttribute(a);
            return this;
        }

        Node integer(String name, long value) {
            node.addAttribute(Onnx.AttributeProto.newBuilder().setName(name)
                    .setType(Onnx.AttributeProto.AttributeType.INT).setI(value));
            return this;
        }

        Node floatAttribute(String name, float value) {
            node.addAttribute(Onnx.AttributeProto.newBuilder().setName(name)
                    .setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(value));
            return this;
        }

        Node string(String name, String value) {
            node.addAttribute(Onnx.AttributeProto.newBuilder().setName(name)
                    .setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(value)));
            return this;
        }

        /** Adds the node with one output of a fresh name; returns the name. */
        String out() {
            return out(fresh(hint));
        }

        /** Adds the node with the output {@code name}; returns it. */
        String out(String name) {
            node.addOutput(name);
            graph.addNode(node);
            return name;
        }
    }
}
