"""`layout serve`: the editor's desk in the browser (docs/desk.md)."""

from layout.serve.desk import Desk
from layout.serve.http import Running, start_server

__all__ = ["Desk", "Running", "start_server"]
