"""The page of ``lecture preview --watch``: the latest strip, on 127.0.0.1 only.

A :class:`PreviewPage` serves three things: the page (``/``), the state it polls
(``/state.json``: a version that grows with every new strip, the beats' captions,
the last error, whether a preview is being drawn) and the strip of that version
(``/strip.png``). A failed preview only sets the error: the page keeps showing
the last good strip, with the error's line above it, until a preview succeeds.
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lecture.render.preview import Preview

__all__ = ["PreviewPage"]

HOST = "127.0.0.1"
"""The only address the page is served on: this machine."""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>lecture preview</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; padding: 12px 16px; background: #0f1117; color: #e8e8e8;
         font: 15px system-ui, sans-serif; }
  header { display: flex; gap: 16px; align-items: baseline; }
  h1 { font-size: 18px; margin: 0 0 8px; }
  #status { color: #8b93a7; }
  #error { color: #ff6b6b; font-family: monospace; white-space: pre-wrap; }
  #strip { max-width: 100%; display: block; margin-top: 8px; }
  ol { color: #8b93a7; }
</style>
</head>
<body>
<header><h1 id="scene">lecture preview</h1><span id="status">waiting…</span></header>
<p id="error" hidden></p>
<img id="strip" alt="the frame at the end of every beat" hidden>
<ol id="beats"></ol>
<script>
let shown = -1;
async function poll() {
  try {
    const state = await (await fetch("state.json", {cache: "no-store"})).json();
    const error = document.getElementById("error");
    error.hidden = !state.error;
    error.textContent = state.error || "";
    if (state.version !== shown && state.version > 0) {
      shown = state.version;
      const strip = document.getElementById("strip");
      strip.src = "strip.png?v=" + state.version;
      strip.hidden = false;
      document.getElementById("scene").textContent = state.scene;
      document.getElementById("beats").replaceChildren(...state.beats.map((caption) => {
        const item = document.createElement("li");
        item.textContent = caption;
        return item;
      }));
    }
    document.getElementById("status").textContent = state.drawing
      ? "drawing…" : state.version > 0 ? `strip ${state.version}, ${state.seconds} s` : "";
  } catch (failure) {
    document.getElementById("status").textContent = "lecture preview stopped";
  }
  setTimeout(poll, 400);  // ms
}
poll();
</script>
</body>
</html>
"""


class PreviewPage:
    """Serves the latest preview's strip on ``127.0.0.1``, from a thread of its own.

    Parameters
    ----------
    port
        The port to listen on; 0 takes a free one (see :attr:`url`).

    Raises
    ------
    OSError
        If the port cannot be listened on.
    """

    def __init__(self, port: int = 0) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {
            "version": 0,
            "scene": "",
            "beats": [],
            "seconds": 0.0,
            "error": None,
            "drawing": False,
        }
        self._strip = b""
        self._server = ThreadingHTTPServer((HOST, port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """Where the page is: ``http://127.0.0.1:PORT/``."""
        return f"http://{HOST}:{self._server.server_address[1]}/"

    def drawing(self) -> None:
        """Say that a preview is being drawn."""
        with self._lock:
            self._state["drawing"] = True

    def show(self, preview: Preview) -> None:
        """Show a new strip (and clear the error)."""
        strip = preview.strip.read_bytes()
        with self._lock:
            self._strip = strip
            self._state.update(
                version=self._state["version"] + 1,
                scene=f"{preview.scene.stem}  {preview.scene.title}",
                beats=[beat.caption for beat in preview.beats],
                seconds=round(preview.seconds, 1),
                error=None,
                drawing=False,
            )

    def fail(self, message: str) -> None:
        """Show what went wrong above the last good strip."""
        with self._lock:
            self._state.update(error=message, drawing=False)

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _respond(self) -> dict[str, tuple[str, bytes]]:
        """What each path answers now: its content type and body."""
        with self._lock:
            state = json.dumps(self._state).encode()
            strip = self._strip
        return {
            "/": ("text/html; charset=utf-8", PAGE.encode()),
            "/state.json": ("application/json", state),
            "/strip.png": ("image/png", strip),
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        page = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                found = page._respond().get(self.path.split("?")[0])
                if found is None or not found[1]:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                kind, body = found
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Log nothing: the terminal shows the previews."""

        return Handler
