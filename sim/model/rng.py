"""Named random streams, and draws that belong to one person.

Every stochastic part of the model draws from its own stream, derived from the
scenario seed, the replication number and a stable hash of the stream's name.
Adding a new stream therefore changes no existing stream's draws, and two
scenarios run with the same seed share their random numbers (common random
numbers), which makes the differences between them sharp.

Draws about people are indexed by person (and by the person's event number), not
by the order in which the model happens to ask for them: `PersonDraws` gives
person p's k-th draw the same value whoever else is being followed. So an
effect that changes one person's life course changes no one else's draws.
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
    "life_course_destination",
    "setting_choice",
    "bed_seeking",
    "patience",
    "length_of_stay",
    "initial_care",
    "caregivers",
    "validation_arrivals",
    "ltc_take_up",
    "bed_acceptance",
    "no_carer",
    "home_care_use",
    "home_care_purchase",
    "home_care_workforce",
)


def stream_key(name: str) -> int:
    """Stable 32-bit key of a stream name (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(name.encode("utf-8"))


def stream(seed: int, replication: int, name: str, *block: int) -> np.random.Generator:
    """The generator for stream `name` of `replication` under scenario `seed`.

    `block` numbers further independent sub-streams of the same name.
    """
    sequence = np.random.SeedSequence(
        entropy=seed, spawn_key=(replication, stream_key(name), *block)
    )
    return np.random.Generator(np.random.PCG64(sequence))


class PersonDraws:
    """Uniform draws on [0, 1) indexed by (person, draw number), independent of who asks.

    Draw k of person p comes from block k // `block_size` of the stream, an array of
    (people, block_size) uniforms generated whole the first time any person needs it,
    so its values never depend on which people are still being followed.
    """

    def __init__(
        self, seed: int, replication: int, name: str, n_people: int, block_size: int = 4
    ) -> None:
        self._key = (seed, replication, name)
        self._n_people = n_people
        self._block_size = block_size
        self._blocks: list[np.ndarray] = []

    def take(self, people: np.ndarray, draw_number: np.ndarray | int) -> np.ndarray:
        """Draw number `draw_number` (per person, or one for all) of each of `people`."""
        numbers = np.broadcast_to(np.asarray(draw_number, dtype=np.int64), people.shape)
        block = numbers // self._block_size
        column = numbers % self._block_size
        if len(numbers) == 0:
            return np.empty(0)
        highest = int(block.max())
        while len(self._blocks) <= highest:
            seed, replication, name = self._key
            generator = stream(seed, replication, name, len(self._blocks))
            self._blocks.append(generator.random((self._n_people, self._block_size)))
        if highest == 0:
            first: np.ndarray = self._blocks[0][people, column]
            return first
        values = np.empty(len(people))
        for index in np.unique(block):
            chosen = block == index
            values[chosen] = self._blocks[index][people[chosen], column[chosen]]
        return values
