"""The safetensors interop test's Python side (src/safetensors-interop.test.ts).

read PATH: loads a checkpoint the library wrote with the reference implementation and prints
  its metadata and every tensor (dtype, shape, values) as JSON.
write PATH MODEL_JSON [--no-crc]: writes a checkpoint of float32 tensors with numpy and
  safetensors, for the model config given (every parameter from read-back shapes on stdin), with
  ntm's metadata and its integrity CRC computed here from the format's definition.
"""
import json
import sys
import zlib

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file


def read(path):
    tensors = load_file(path)
    with safe_open(path, framework="np") as handle:
        metadata = handle.metadata()
    print(json.dumps({
        "metadata": metadata,
        "tensors": {
            name: {"dtype": str(array.dtype), "shape": list(array.shape), "values": [float(v) for v in array.reshape(-1)]}
            for name, array in tensors.items()
        },
    }))


def integrity_crc32(metadata, tensors):
    """The format's integrity check: a text, then the data, as safetensors lays it out (sorted by name)."""
    lines = ["ntm-checkpoint-crc32", metadata["format"], metadata["format_version"], metadata["model"], metadata["metadata"]]
    offset = 0
    data = b""
    for name in sorted(tensors):
        array = tensors[name]
        size = array.size * 4
        lines.append("\t".join([name, "F32", ",".join(str(n) for n in array.shape), str(offset), str(offset + size)]))
        offset += size
        data += array.astype("<f4").tobytes()
    text = ("\n".join(lines) + "\n").encode("utf-8")
    return zlib.crc32(text + data) & 0xFFFFFFFF


def write(path, model_json, with_crc):
    shapes = json.load(sys.stdin)
    rng = np.random.default_rng(7)
    tensors = {name: rng.standard_normal(shape).astype(np.float32) * 0.1 for name, shape in shapes.items()}
    metadata = {
        "format": "ntm-checkpoint",
        "format_version": "2",
        "model": model_json,
        "metadata": json.dumps({"writtenBy": "python safetensors"}),
    }
    if with_crc:
        metadata["crc32"] = str(integrity_crc32(metadata, tensors))
    save_file(tensors, path, metadata=metadata)
    print(json.dumps({name: [float(v) for v in array.reshape(-1)] for name, array in tensors.items()}))


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        write(sys.argv[2], sys.argv[3], "--no-crc" not in sys.argv)
