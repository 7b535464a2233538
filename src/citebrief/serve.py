"""Serve the brief on a loopback address and reload it in the browser after every successful rebuild.

One warm process (watch.Session) rebuilds on every settled batch of edits: it hands the new page to
the browsers as soon as it is rendered, and prints the PDF after. A broken edit keeps the last good
page and shows its diagnostics over it; the overlay clears when the edit is fixed. Browsers hear of
both through server-sent events.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import sys
from pathlib import Path

from .errors import Problem, sort_problems
from .layout import BRIEF_HTML, BRIEF_PDF
from .memo import Memo
from .watch import Session, rebuilding

LOOPBACK = "127.0.0.1"
EVENTS = "/__citebrief/events"
SCRIPT = "/__citebrief/live.js"
KEEPALIVE_SECONDS = 15

# Runs in the page: listens for the server's events; draws the problems with textContent only.
LIVE_JS = """\
(() => {
  const events = new EventSource("%(events)s");
  const overlay = () => {
    let box = document.getElementById("citebrief-problems");
    if (!box) {
      box = document.createElement("div");
      box.id = "citebrief-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1em 1.5em;background:#fff4f4;color:#5c0000;border-top:3px solid #b00020;" +
        "font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.2)";
      const title = document.createElement("strong");
      title.textContent = "The last edit does not build; this is the last good brief.";
      const list = document.createElement("pre");
      list.style.cssText = "white-space:pre-wrap;margin:.5em 0 0";
      box.append(title, list);
      document.body.append(box);
    }
    return box;
  };
  events.addEventListener("problems", (event) => {
    overlay().querySelector("pre").textContent = JSON.parse(event.data).join("\\n");
  });
  events.addEventListener("clear", () => document.getElementById("citebrief-problems")?.remove());
  events.addEventListener("reload", () => location.reload());
})();
""" % {"events": EVENTS}


class Preview:
    """What the browsers are shown: the last good page, the problems of the last build, and who listens."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.page: str | None = None  # until the first build
        self.problems: list[str] = []
        self.listeners: set[asyncio.Queue[tuple[str, str]]] = set()
        self.closed = False

    def show_from_build(self, page: str) -> None:
        """Show a page the building thread has just rendered."""
        self.loop.call_soon_threadsafe(self.show, page)

    def show(self, page: str) -> None:
        """Show a page: every browser reloads it, and the problems go with the broken edit."""
        self.page, self.problems = page, []
        self._tell("reload", "")

    def report(self, problems: list[Problem], message: str = "") -> None:
        """Show a failed build's problems over the last good page."""
        self.problems = [str(p) for p in sort_problems(problems)] or [message]
        self._tell("problems", json.dumps(self.problems))

    def clear(self) -> None:
        """Take the problems away: the edit that caused them builds again."""
        if self.problems:
            self.problems = []
            self._tell("clear", "")

    def close(self) -> None:
        """End every browser's stream of events, so that the server can stop at once."""
        self.closed = True
        self._tell("end", "")

    def _tell(self, event: str, data: str) -> None:
        for queue in self.listeners:
            queue.put_nowait((event, data))

    def with_script(self) -> str:
        """The page, with the script that listens for rebuilds."""
        tag = f'<script src="{SCRIPT}" defer></script>'
        page = self.page or "<!doctype html><title>citebrief</title><p>The brief has not built yet.</p>"
        head = page.find("</head>")
        return page[:head] + tag + page[head:] if head >= 0 else tag + page


def serve(root: Path, out_dir: Path, host: str = LOOPBACK, port: int = 8000, debounce_ms: int = 300,
          strict: bool = False, memo: Memo | None = None) -> int:
    """Build, serve the brief at http://host:port/, and rebuild and reload on every change, until Ctrl-C."""
    if not _loopback(host):
        print(f"citebrief serve: warning: serving on {host}: anyone who can reach this machine on port {port} "
              "can read the brief; the default, 127.0.0.1, keeps it to this machine", file=sys.stderr, flush=True)
    try:
        asyncio.run(_serve(Session(root, out_dir, strict, memo), host, port, debounce_ms))
    except KeyboardInterrupt:
        pass
    print("stopped", flush=True)
    return 0


async def _serve(session: Session, host: str, port: int, debounce_ms: int) -> None:
    import uvicorn

    preview = Preview(asyncio.get_running_loop())
    config = uvicorn.Config(_app(preview, session.out_dir), host=host, port=port, log_level="warning",
                            timeout_graceful_shutdown=1, lifespan="off")

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:  # Ctrl-C: the open event streams would hold the server up
            preview.loop.call_soon_threadsafe(preview.close)
            super().handle_exit(sig, frame)

    server = Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        if serving.done():
            return await serving  # could not bind: uvicorn has said why
        await asyncio.sleep(0.05)
    bound = server.servers[0].sockets[0].getsockname()[1]
    watched = session.watched()
    print(f"serving the brief at http://{_shown(host)}:{bound}/ (the PDF at /{BRIEF_PDF}); "
          f"watching {', '.join(str(p) for p in watched)}; Ctrl-C to stop", flush=True)
    stop = asyncio.Event()
    serving.add_done_callback(lambda _: stop.set())
    await rebuilding(session, debounce_ms, lambda: _rebuild(session, preview), stop)
    await serving


async def _rebuild(session: Session, preview: Preview) -> None:
    """Rebuild in a worker thread: the page reaches the browsers before the PDF is printed."""
    outcome = await asyncio.to_thread(session.rebuild, preview.show_from_build)
    if outcome.built:
        if preview.page is None:  # up to date when serve started: nothing was rendered, the outputs stand
            preview.show((session.out_dir / BRIEF_HTML).read_text(encoding="utf-8"))
        preview.clear()
    else:
        preview.report(outcome.problems, outcome.message)


def _app(preview: Preview, out_dir: Path):
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
    from starlette.routing import Route

    async def page(request: Request) -> Response:
        return HTMLResponse(preview.with_script(), headers={"Cache-Control": "no-store"})

    async def script(request: Request) -> Response:
        return Response(LIVE_JS, media_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def pdf(request: Request) -> Response:
        path = out_dir / BRIEF_PDF
        if not path.is_file():
            return PlainTextResponse("the PDF is not built yet", status_code=404)
        return FileResponse(path, media_type="application/pdf", headers={"Cache-Control": "no-store"})

    async def events(request: Request) -> Response:
        queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        if preview.closed:
            queue.put_nowait(("end", ""))
        if preview.problems:
            queue.put_nowait(("problems", json.dumps(preview.problems)))
        preview.listeners.add(queue)

        async def stream():
            try:
                yield "retry: 500\n\n"
                while True:
                    try:
                        event, data = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if event == "end":
                        return
                    # An event with empty data is never dispatched (the EventSource specification): send some.
                    yield f"event: {event}\ndata: {data or event}\n\n"
            finally:
                preview.listeners.discard(queue)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    return Starlette(routes=[
        Route("/", page), Route(SCRIPT, script), Route(f"/{BRIEF_PDF}", pdf), Route(EVENTS, events),
    ])


def _loopback(host: str) -> bool:
    """Whether an address is this machine's own."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shown(host: str) -> str:
    """Write a host as it goes in a URL."""
    return f"[{host}]" if ":" in host else host
