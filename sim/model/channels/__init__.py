"""The ways older people get care, each behind one interface (`channel.CareChannel`):
nursing-home beds (`nursing_homes`, over the bed queue of `sim.model.care`), home care
(`home_care`), community centres (`community`), long-term-care insurance (`ltc`) and
family care beds (`family_beds`).

`run.simulate_channels` runs the channels that come after the bed queue; `census` says
who is disabled and at home on a day. The names below are the package's public ones,
importable from `sim.model.channels` as before the channels had modules of their own.
"""

from sim.model.channels.channel import CareChannel
from sim.model.channels.run import ChannelRecord, care_channels, simulate_channels

__all__ = ["CareChannel", "ChannelRecord", "care_channels", "simulate_channels"]
