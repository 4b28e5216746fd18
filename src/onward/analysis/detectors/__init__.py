"""One detector per warning pattern, registered here in the order flags are reported.

Each module exposes ``DETECTOR``, a ``RuleDetector`` (an ``onward.analysis.base.Detector``
made of explainable rules; the prefilter in ``flags`` indexes their trigger words).
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.detectors import (
    begging,
    control,
    guilt_trip,
    hoovering,
    insult,
    jealousy,
    monitoring,
    pressure_to_meet,
    refuses_breakup,
    self_harm_pressure,
    threat,
)

DETECTORS: tuple[RuleDetector, ...] = (
    threat.DETECTOR,
    self_harm_pressure.DETECTOR,
    refuses_breakup.DETECTOR,
    monitoring.DETECTOR,
    control.DETECTOR,
    insult.DETECTOR,
    guilt_trip.DETECTOR,
    jealousy.DETECTOR,
    pressure_to_meet.DETECTOR,
    hoovering.DETECTOR,
    begging.DETECTOR,
)
