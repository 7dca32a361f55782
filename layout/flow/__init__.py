"""The flow stage: stories through their boxes (columns, jumps, balance, copyfit) and figures placed."""

from layout.flow.edition import flow_edition

__all__ = ["flow_edition"]
