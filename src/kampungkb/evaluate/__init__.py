"""Evaluation: scorecards, change against the baseline, composite rules and ranking."""

from __future__ import annotations

from kampungkb.evaluate._evaluate import Evaluation, evaluate

__all__ = ["Evaluation", "evaluate"]
