#!/usr/bin/env python3
"""Writes a small safetensors file with only the standard library (struct + json).

An independent fixture for CircuitBench.Safetensors: it follows the public spec
(https://github.com/huggingface/safetensors) rather than our writer:
  8 bytes   little-endian u64 N, the header length
  N bytes   JSON header {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}},
            padded with spaces
  rest      the tensors' little-endian bytes, offsets relative to the end of the header

Tensors are laid out in the order listed below, while the header keys are sorted, so the header order
differs from the file order. Usage:
  python3 tools/reference/make_safetensors_fixture.py [out_path]
"""
import json
import struct
import sys

DEFAULT_OUT = "tests/CircuitBench.Safetensors.Tests/Fixtures/reference.safetensors"


def bf16(values):
    # The upper half of each float32 (values chosen to be exact in bfloat16).
    return b"".join(struct.pack("<f", v)[2:] for v in values)


# (name, dtype, shape, bytes) in file order.
TENSORS = [
    ("embed.weight", "F32", [2, 3], struct.pack("<6f", 0.5, -1.25, 3.0, 0.1, -0.0, 1e-3)),
    ("ids", "I64", [2, 2], struct.pack("<4q", 0, -1, 2**40, 50256)),
    ("half", "F16", [5], struct.pack("<5e", 1.0, -2.5, 65504.0, 2.0**-24, float("inf"))),
    ("bf16", "BF16", [3], bf16([1.0, -2.5, 3.140625])),
    ("empty", "F32", [0, 4], b""),
    ("pos", "I32", [3], struct.pack("<3i", 0, 1, -7)),
    ("double", "F64", [2], struct.pack("<2d", 0.1, 2.5)),
    ("scalar", "F32", [], struct.pack("<f", 42.0)),
]
METADATA = {"format": "pt", "source": "make_safetensors_fixture.py"}


def build():
    header = {"__metadata__": METADATA}
    offset = 0
    for name, dtype, shape, data in TENSORS:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(data for _, _, _, data in TENSORS)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    with open(out, "wb") as f:
        f.write(build())
