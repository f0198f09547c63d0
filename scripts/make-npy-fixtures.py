#!/usr/bin/env python3
"""Writes the .npy files Tests/NumpyFormatTests reads: arrays saved by numpy itself, so the Swift reader and
writer are checked against the real format (the tests do not need numpy). Usage: scripts/make-npy-fixtures.py"""
import os
import numpy as np

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "NumpyFormatTests", "Fixtures")
os.makedirs(out, exist_ok=True)


def save(name, array, **kw):
    path = os.path.join(out, name)
    if "version" in kw:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=kw["version"], allow_pickle=False)
    else:
        np.save(path, array, allow_pickle=kw.get("allow_pickle", False))


save("int8_2x3.npy", np.array([[-128, -1, 0], [1, 2, 127]], dtype=np.int8))
save("float32_2x2x3.npy", (np.arange(12, dtype=np.float32).reshape(2, 2, 3) - 5.5) / 3)
save("float16_specials.npy", np.array([0.0, -0.0, 1.5, 65504.0, 2.0 ** -24, -(2.0 ** -14), np.inf, -np.inf, 0.1], dtype=np.float16))
save("float32_big_endian.npy", np.array([1.0, -2.5, 3.25], dtype=">f4"))
save("float32_scalar.npy", np.float32(7.5))
save("float32_0x4.npy", np.zeros((0, 4), dtype=np.float32))
save("float32_version2.npy", np.array([[1.0, 2.0]], dtype=np.float32), version=(2, 0))
save("float32_version3.npy", np.array([[1.0, 2.0]], dtype=np.float32), version=(3, 0))
save("float32_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
save("float64_3.npy", np.array([1.0, 2.0, 3.0]))
save("int32_3.npy", np.array([1, 2, 3], dtype=np.int32))
save("object.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
save("structured.npy", np.zeros(2, dtype=[("a", "<i4"), ("b", "<f4")]))
print("wrote", len(os.listdir(out)), "files to", os.path.normpath(out))
