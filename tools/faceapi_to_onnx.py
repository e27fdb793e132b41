#!/usr/bin/env python3
"""Converts face-api.js's dlib face recognition model (TF.js weights manifest) into ONNX.

Input:  the `model/` folder of the npm package @vladmandic/face-api 1.7.15
        (face_recognition_model-weights_manifest.json + face_recognition_model.bin).
Output: one ONNX file, opset 13, input `input` float32 [N,3,150,150] RGB in 0..255,
        output `descriptor` float32 [N,128] (the raw dlib descriptor, not normalised).

The graph reproduces face-api.js's FaceRecognitionNet.forwardInput exactly:
  x = (input - [122.782, 117.001, 104.298]) / 255
  conv32_down (7x7/2 valid, ReLU) -> MaxPool 3x3/2 valid
  residual conv32_1..3 -> residualDown conv64_down -> residual conv64_1..3
  -> residualDown conv128_down -> residual conv128_1..2 -> residualDown conv256_down
  -> residual conv256_1..2 -> residualDown conv256_down_out
  -> GlobalAveragePool -> Flatten -> MatMul fc [256,128]
Each conv layer is `(conv(x) + b) * s + t` (face-api's scale layer); the scale is folded into the
filters and the bias. Filters that the manifest stores as uint8 stay uint8 in the ONNX file and are
dequantised by a constant Cast -> Mul -> Add -> Mul subgraph that ONNX Runtime folds at load, which
keeps the file at about a third of its float32 size with bit-identical weights.

The output is deterministic: the same input files give the same bytes (no timestamps).
Needs only numpy and onnx (Debian: python3-numpy, python3-onnx; onnx 1.12 is enough).

Usage: faceapi_to_onnx.py MODEL_DIR OUTPUT.onnx
"""

import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MODEL_NAME = "face_recognition_model"
EXPECTED_BIN_BYTES = 6_444_032
EXPECTED_TENSORS = 117
MEAN_RGB = [122.782, 117.001, 104.298]
OPSET = 13


class Weight:
    """One manifest tensor: float32 values, plus the raw uint8 codes when quantised."""

    def __init__(self, name, shape, values, codes=None, scale=None, minimum=None):
        self.name = name
        self.shape = shape
        self.values = values
        self.codes = codes
        self.scale = scale
        self.minimum = minimum


def read_manifest(model_dir):
    with open(os.path.join(model_dir, MODEL_NAME + "-weights_manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    data = b""
    specs = []
    for group in manifest:
        for path in group["paths"]:
            with open(os.path.join(model_dir, path), "rb") as f:
                data += f.read()
        specs.extend(group["weights"])
    if len(data) != EXPECTED_BIN_BYTES or len(specs) != EXPECTED_TENSORS:
        sys.exit(f"unexpected model: {len(data)} bytes, {len(specs)} tensors "
                 f"(want {EXPECTED_BIN_BYTES}, {EXPECTED_TENSORS})")
    weights = {}
    offset = 0
    for spec in specs:
        shape = spec["shape"]
        count = int(np.prod(shape))
        quantization = spec.get("quantization")
        if quantization:
            if quantization["dtype"] != "uint8":
                sys.exit(f"unsupported quantisation {quantization['dtype']} for {spec['name']}")
            codes = np.frombuffer(data, dtype=np.uint8, count=count, offset=offset).reshape(shape)
            offset += count
            scale = float(quantization["scale"])
            minimum = float(quantization["min"])
            values = (codes.astype(np.float64) * scale + minimum).astype(np.float32)
            weights[spec["name"]] = Weight(spec["name"], shape, values, codes, scale, minimum)
        else:
            if spec["dtype"] != "float32":
                sys.exit(f"unsupported dtype {spec['dtype']} for {spec['name']}")
            values = np.frombuffer(data, dtype="<f4", count=count, offset=offset).reshape(shape)
            offset += 4 * count
            weights[spec["name"]] = Weight(spec["name"], shape, values.astype(np.float32))
    if offset != len(data):
        sys.exit(f"manifest covers {offset} of {len(data)} bytes")
    return weights


class GraphBuilder:
    def __init__(self, weights):
        self.weights = weights
        self.nodes = []
        self.initializers = []
        self.counter = 0

    def fresh(self, hint):
        self.counter += 1
        return f"{hint}_{self.counter}"

    def const(self, name, array):
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def node(self, op, inputs, hint, **attrs):
        out = self.fresh(hint)
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def filters(self, prefix, channel_scale):
        """ONNX [out,in,kh,kw] filters for `prefix`, with the per-out-channel scale folded in."""
        w = self.weights[prefix + "/conv/filters"]  # TF layout [kh, kw, in, out]
        if w.codes is None:
            folded = (w.values.astype(np.float64) * channel_scale).astype(np.float32)
            return self.const(prefix + "/W", np.ascontiguousarray(folded.transpose(3, 2, 0, 1)))
        codes = self.const(prefix + "/W_q", np.ascontiguousarray(w.codes.transpose(3, 2, 0, 1)))
        as_float = self.node("Cast", [codes], prefix + "/W_cast", to=TensorProto.FLOAT)
        scaled = self.node("Mul", [as_float, self.const(prefix + "/W_scale", np.array(w.scale, np.float32))],
                           prefix + "/W_mul")
        shifted = self.node("Add", [scaled, self.const(prefix + "/W_min", np.array(w.minimum, np.float32))],
                            prefix + "/W_add")
        per_channel = channel_scale.astype(np.float32).reshape(-1, 1, 1, 1)
        return self.node("Mul", [shifted, self.const(prefix + "/W_s", per_channel)], prefix + "/W")

    def conv(self, x, prefix, stride, pad, relu):
        s = self.weights[prefix + "/scale/weights"].values.astype(np.float64)
        t = self.weights[prefix + "/scale/biases"].values.astype(np.float64)
        b = self.weights[prefix + "/conv/bias"].values.astype(np.float64)
        kernel = self.weights[prefix + "/conv/filters"].shape[0]
        w = self.filters(prefix, s)
        bias = self.const(prefix + "/B", (b * s + t).astype(np.float32))
        out = self.node("Conv", [x, w, bias], prefix + "/conv", kernel_shape=[kernel, kernel],
                        strides=[stride, stride], pads=[pad, pad, pad, pad])
        return self.node("Relu", [out], prefix + "/relu") if relu else out

    def residual(self, x, prefix):
        out = self.conv(x, prefix + "/conv1", 1, 1, True)
        out = self.conv(out, prefix + "/conv2", 1, 1, False)
        return self.node("Relu", [self.node("Add", [out, x], prefix + "/add")], prefix + "/relu")

    def residual_down(self, x, prefix, in_size, in_channels):
        out_channels = self.weights[prefix + "/conv1/conv/filters"].shape[3]
        out = self.conv(x, prefix + "/conv1", 2, 0, True)
        out = self.conv(out, prefix + "/conv2", 1, 1, False)
        conv_size = (in_size - 3) // 2 + 1
        pool_size = in_size // 2
        pooled = self.node("AveragePool", [x], prefix + "/pool", kernel_shape=[2, 2], strides=[2, 2])
        if pool_size != conv_size:
            # face-api concatenates one zero row (bottom) and one zero column (right) to the conv path.
            if pool_size != conv_size + 1:
                sys.exit(f"{prefix}: cannot reconcile {conv_size} and {pool_size}")
            out = self.node("Pad", [out, self.const(prefix + "/pad_hw", np.array([0, 0, 0, 0, 0, 0, 1, 1], np.int64))],
                            prefix + "/pad_hw")
        if in_channels != out_channels:
            # ... and zero channels after the pooled shortcut's channels.
            pooled = self.node("Pad", [pooled, self.const(
                prefix + "/pad_c", np.array([0, 0, 0, 0, 0, out_channels - in_channels, 0, 0], np.int64))],
                prefix + "/pad_c")
        out = self.node("Relu", [self.node("Add", [pooled, out], prefix + "/add")], prefix + "/relu")
        return out, pool_size, out_channels

    def build(self):
        mean = self.const("mean_rgb", np.array(MEAN_RGB, np.float32).reshape(1, 3, 1, 1))
        x = self.node("Sub", ["input", mean], "normalize/sub")
        x = self.node("Div", [x, self.const("div_255", np.array(255.0, np.float32))], "normalize/div")
        x = self.conv(x, "conv32_down", 2, 0, True)  # 150 -> 72
        x = self.node("MaxPool", [x], "maxpool", kernel_shape=[3, 3], strides=[2, 2])  # 72 -> 35
        size, channels = 35, 32
        for name in ("conv32_1", "conv32_2", "conv32_3"):
            x = self.residual(x, name)
        x, size, channels = self.residual_down(x, "conv64_down", size, channels)
        for name in ("conv64_1", "conv64_2", "conv64_3"):
            x = self.residual(x, name)
        x, size, channels = self.residual_down(x, "conv128_down", size, channels)
        for name in ("conv128_1", "conv128_2"):
            x = self.residual(x, name)
        x, size, channels = self.residual_down(x, "conv256_down", size, channels)
        for name in ("conv256_1", "conv256_2"):
            x = self.residual(x, name)
        x, size, channels = self.residual_down(x, "conv256_down_out", size, channels)
        x = self.node("GlobalAveragePool", [x], "gap")
        x = self.node("Flatten", [x], "flatten", axis=1)
        fc = self.weights["fc"]
        fc_q = self.const("fc/W_q", np.ascontiguousarray(fc.codes))
        fc_w = self.node("Cast", [fc_q], "fc/W_cast", to=TensorProto.FLOAT)
        fc_w = self.node("Mul", [fc_w, self.const("fc/W_scale", np.array(fc.scale, np.float32))], "fc/W_mul")
        fc_w = self.node("Add", [fc_w, self.const("fc/W_min", np.array(fc.minimum, np.float32))], "fc/W")
        self.nodes.append(helper.make_node("MatMul", [x, fc_w], ["descriptor"], name="fc/matmul"))

        graph = helper.make_graph(
            self.nodes, "faceapi_face_recognition",
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, 150, 150])],
            [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, ["N", 128])],
            self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="idv tools/faceapi_to_onnx.py", producer_version="1")
        model.ir_version = 7
        model.doc_string = ("dlib ResNet-29 face descriptor (public domain, Davis King) as ported by "
                            "@vladmandic/face-api 1.7.15 (MIT). Input RGB 0..255 [N,3,150,150]; "
                            "output raw 128-d descriptor; compare with Euclidean distance.")
        onnx.checker.check_model(model)
        return model


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    model_dir, output = argv[1], argv[2]
    model = GraphBuilder(read_manifest(model_dir)).build()
    data = model.SerializeToString()
    with open(output, "wb") as f:
        f.write(data)
    print(f"wrote {output}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main(sys.argv)
