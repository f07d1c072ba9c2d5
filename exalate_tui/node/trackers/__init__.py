"""Trackers a node stands beside, behind one small interface (`Tracker`)."""

from .base import Tracker
from .embedded import EmbeddedTracker, tracker_for

__all__ = ["EmbeddedTracker", "Tracker", "tracker_for"]
