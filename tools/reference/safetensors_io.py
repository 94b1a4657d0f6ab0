"""Minimal safetensors writer for the reference scripts (standard library + torch only).

Follows the public format: 8-byte little-endian header length, a JSON header mapping tensor names
to dtype/shape/data_offsets (plus __metadata__), padded with spaces to a multiple of 8, then the
little-endian tensor bytes, contiguous from offset 0.
"""
import json
import struct

import torch

_DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.int32: "I32"}


def save(path, tensors, metadata=None):
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.numpy().tobytes() if hasattr(t, "numpy") else bytes(t.untyped_storage())
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
