"""`layout serve`: the editor's desk in the browser (docs/desk.md)."""

from layout.desk.serve import Running, start_server
from layout.desk.state import Desk

__all__ = ["Desk", "Running", "start_server"]
