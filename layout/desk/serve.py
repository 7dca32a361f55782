"""The desk's web server: the standard library's threading HTTP server, a handful of routes, and
server-sent events for the live update. It listens on 127.0.0.1 unless told otherwise and, when it
does, answers only requests addressed to this machine by name (no DNS rebinding from a web page).

    GET /                 the page (static/index.html)
    GET /static/NAME      desk.js, desk.css
    GET /state            the desk's state as JSON (docs/desk.md)
    GET /events           text/event-stream: an `state` event with the whole state on every publish
    GET /page/KEY.png     a page image; KEY is a hash of the page's PDF, so it is cached for good
    POST /open            only inside `layout lsp --desk`: open one of the page's editor links in the editor
                          that runs the server (`{"link": "/open?file=…&line=…&col=…"}`); only from the page
                          itself (its Origin, the token set in the page, JSON of at most MAX_BODY bytes)
"""

from __future__ import annotations

import errno
import hmac
import json
import re
import secrets
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from layout.desk.state import Desk
from layout.errors import Diagnostic, LayoutError, Level

STATIC = {"desk.js": "text/javascript; charset=utf-8", "desk.css": "text/css; charset=utf-8",
          "index.html": "text/html; charset=utf-8"}
PAGE = re.compile(r"^/page/([0-9a-f]{8,64})\.png$")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream
MAX_BODY = 4096  # bytes of a POST /open
TOKEN_META = b'<meta name="desk-open" content="">'
Opener = Callable[[str], tuple[int, str]]  # a link of the page → (HTTP status, what to tell the browser)


def static(name: str) -> bytes:
    return resources.files("layout").joinpath(f"desk/static/{name}").read_bytes()


def host_name(header: str) -> str:
    """The name in a Host header, without its port: `localhost:8765` → localhost, `[::1]:8765` → ::1."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0]


JSON_TYPE = "application/json; charset=utf-8"
HUNG_UP = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class DeskServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], desk: Desk, opener: Opener | None = None) -> None:
        self.desk = desk
        self.opener = opener  # set by `layout lsp --desk` (lsp/shared.py)
        self.token = secrets.token_urlsafe(24) if opener else ""  # in the page; a POST must carry it
        if ":" in address[0]:  # an IPv6 address (::1): the socket's family must say so
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that hangs up (a page reloaded, a tab closed) is no error: nothing is printed. Anything
        else is one line, not a traceback per request."""
        exc = sys.exc_info()[1]
        if isinstance(exc, HUNG_UP):
            return
        print(f"serve: a request failed: {type(exc).__name__}: {exc}", file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    server: DeskServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal is for the edition
        pass

    def _host_ok(self) -> bool:
        """On loopback, only requests addressed to loopback by name (a page elsewhere cannot rebind to us)."""
        if self.server.server_address[0] not in ("127.0.0.1", "::1"):
            return True
        return host_name(self.headers.get("Host") or "") in LOOPBACK

    def _send(self, status: int, body: bytes, kind: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self'; style-src 'self'")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_ok():
            self._send(403, b"forbidden: this desk answers only to 127.0.0.1 and localhost\n", "text/plain")
            return
        path = self.path.split("?", 1)[0]
        desk = self.server.desk
        if path in ("/", "/index.html"):
            token = TOKEN_META.replace(b'""', f'"{self.server.token}"'.encode())
            page = static("index.html").replace(TOKEN_META, token)
            self._send(200, page, STATIC["index.html"])
        elif path.startswith("/static/") and path[8:] in STATIC:
            self._send(200, static(path[8:]), STATIC[path[8:]])
        elif path == "/state":
            self._send(200, desk.state_bytes()[1], "application/json; charset=utf-8")
        elif path == "/events":
            self._events(desk)
        elif path == "/favicon.ico":
            self._send(204, b"", "image/x-icon")
        elif match := PAGE.match(path):
            image = desk.image(match.group(1))
            if image is None:
                self._send(404, b"no such page image (it was replaced by a newer one)\n", "text/plain")
            else:
                self._send(200, image, "image/png", "public, max-age=31536000, immutable")
        else:
            self._send(404, b"not found\n", "text/plain")

    def do_POST(self) -> None:
        """`POST /open`: a link of the page opened in the editor (only inside `layout lsp --desk`)."""
        refused = self._refused()
        if refused:
            self.close_connection = True  # the body, if any, is not read
            self._send(refused[0], json.dumps({"ok": False, "message": refused[1]}).encode(), JSON_TYPE)
            return
        length = int(self.headers.get("Content-Length") or "0")
        try:
            data = json.loads(self.rfile.read(length))
            link = data["link"] if isinstance(data, dict) and isinstance(data.get("link"), str) else None
        except (ValueError, UnicodeDecodeError):
            link = None
        assert self.server.opener is not None
        status, message = self.server.opener(link) if link is not None else (400, 'the body is not {"link": "…"}')
        self._send(status, json.dumps({"ok": status < 300, "message": message}).encode(), JSON_TYPE)

    def _refused(self) -> tuple[int, str] | None:
        """Why a POST is not taken: not to loopback by name, not /open, no editor, not from the page itself
        (Origin, token), not JSON, or too long. None when it is taken."""
        origin = self.headers.get("Origin") or ""
        length = self.headers.get("Content-Length") or ""
        if not self._host_ok():
            return 403, "this desk answers only to 127.0.0.1 and localhost"
        if self.path != "/open" or self.server.opener is None:
            return 404, "nothing to post here (opening in the editor needs `layout lsp --desk`)"
        if origin != f"http://{self.headers.get('Host')}" or not hmac.compare_digest(
                (self.headers.get("X-Desk-Token") or "").encode(), self.server.token.encode()):
            return 403, "only the desk's own page opens files"
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return 415, "send JSON"
        if not length.isdigit() or int(length) > MAX_BODY:
            return 413, f"a body of at most {MAX_BODY} bytes, with its Content-Length"
        return None

    def _events(self, desk: Desk) -> None:
        """Server-sent events: the whole state now and after every publish, a comment now and then."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while not desk.stopping.is_set():
                version, body = desk.state_bytes()
                if version != seen:
                    self.wfile.write(b"event: state\ndata: " + body + b"\n\n")
                    seen = version
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
                desk.wait(seen, KEEPALIVE)
        except HUNG_UP:
            return


@dataclass
class Running:
    server: DeskServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def stop(self) -> None:
        self.server.desk.stop()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_server(desk: Desk, host: str = "127.0.0.1", port: int = 8765, opener: Opener | None = None) -> Running:
    """Listen (port 0: any free port) and serve in a background thread; `opener` takes `POST /open`."""
    host = host.strip("[]")  # [::1] as in an address
    try:
        server = DeskServer((host, port), desk, opener)
    except OSError as exc:
        hint = ("another program (or another `layout serve`) uses it: give --port N, or --port 0 for any free port"
                if exc.errno == errno.EADDRINUSE else "check --host: it must be an address of this machine")
        raise LayoutError(Diagnostic(Level.ERROR, f"cannot listen on {host}:{port}: {exc.strerror}",
                                     hint=hint)) from None
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="layout-serve", daemon=True)
    thread.start()
    return Running(server, thread)
