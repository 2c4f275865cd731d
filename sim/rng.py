"""Named random streams.

Every stochastic part of the model draws from its own stream, derived from the
scenario seed, the replication number and a stable hash of the stream's name.
Adding a new stream therefore changes no existing stream's draws, and two
scenarios run with the same seed share their random numbers (common random
numbers), which makes the differences between them sharp.
"""

from __future__ import annotations

import zlib

import numpy as np

#: The names of the streams the model uses; a test checks they do not collide.
STREAM_NAMES: tuple[str, ...] = (
    "population_ages",
    "population_entrants",
    "health_initial",
    "life_course",
    "setting_choice",
    "bed_seeking",
    "patience",
    "length_of_stay",
    "initial_care",
    "caregivers",
    "validation_arrivals",
)


def stream_key(name: str) -> int:
    """Stable 32-bit key of a stream name (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(name.encode("utf-8"))


def stream(seed: int, replication: int, name: str) -> np.random.Generator:
    """The generator for stream `name` of `replication` under scenario `seed`."""
    sequence = np.random.SeedSequence(entropy=seed, spawn_key=(replication, stream_key(name)))
    return np.random.Generator(np.random.PCG64(sequence))
