"""The review app: open a text (from the served folder, an upload or a paste), let the pipeline run
in the background, then accept or reject each edit, pick flagged suggestions, correct by hand, add
glossary entries, re-run, and export. Decisions are saved on every click.

Safe by default: every piece of user text is escaped (Jinja2 autoescape, :mod:`html` in fragments)
and a Content-Security-Policy allows only this server's own script and style, so injected markup
can never run; paths are confined to the served folder; bodies over the upload limit are refused
before they are read whole; POSTs from other sites and unknown Host names (DNS rebinding) are
refused.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..config import load_config, parse_yaml
from ..errors import InputError, MtbriefError
from ..review import (
    add_editor_edit,
    choose_suggestion,
    current_text,
    decide_edit,
    decide_rule,
    remove_editor_edit,
    stale_ids,
)
from ..textio import decode_input, read_input, write_output
from . import exports, views
from .jobs import Runner
from .store import Store

HERE = Path(__file__).parent
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
TEXT_SUFFIXES = (".txt", ".md")
MAX_LISTED = 500
_SLACK = 64 * 1024  # multipart framing around an upload of exactly the limit
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EditDecision(_Strict):
    kind: str  # edit | flag | rule
    id: str = ""
    rule: str = ""
    accept: bool = True
    choice: str | None = None


class Correction(_Strict):
    start: int
    end: int
    after: str
    note: str = ""


class Removal(_Strict):
    id: str


class GlossaryEntry(_Strict):
    wrong: str
    right: str
    note: str = ""
    zh: str = ""


class _BodyLimit:
    """Refuses a request body over the limit while it streams in, not after it is all in memory."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit + _SLACK:
            response = _too_large(int(length), self.limit, scope["path"])
            return await response(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit + _SLACK:
                raise HTTPException(413, _too_large_text(None, self.limit))
            return message

        return await self.app(scope, counted, send)


def _too_large_text(size: int | None, limit: int) -> str:
    what = f"{size:,} bytes" if size is not None else "too large"
    return f"upload refused: {what}, over the limit of {limit:,} bytes (serve.max_upload_bytes in the config)"


def _too_large(size: int, limit: int, path: str) -> Response:
    message = _too_large_text(size, limit)
    if path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=413)
    return HTMLResponse(f"<!DOCTYPE html><title>Refused</title><p>{message}</p>", status_code=413)


def create_app(
    folder: str | Path,
    config: str | None = None,
    overrides: dict[str, Any] | None = None,
    public: bool = False,
) -> FastAPI:
    """The app for ``folder``. ``public``: the user asked for a non-local bind with ``--host``, so
    any Host name is accepted (otherwise only local names are)."""
    overrides = overrides or {}
    cfg = load_config(config, overrides)
    settings = cfg["serve"]
    root = Path(folder).expanduser().resolve()
    if not root.is_dir():
        raise InputError(f"cannot serve {folder}: not a folder")
    limit = int(settings["max_upload_bytes"])
    glossary = Path(settings["glossary"]).expanduser()
    store = Store(settings["data_dir"])
    runner = Runner(config, overrides, glossary)
    decide_lock = threading.Lock()
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        runner.shutdown()

    app = FastAPI(title="mtbrief review", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.store, app.state.runner, app.state.root = store, runner, root
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=["*"] if public else list(LOCAL_HOSTS))
    app.add_middleware(_BodyLimit, limit=limit)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
                return JSONResponse({"error": "cross-site request refused"}, status_code=403)
            if request.url.path.startswith("/api/") and not request.headers.get("content-type", "").startswith(
                "application/json"
            ):
                return JSONResponse({"error": "send JSON (Content-Type: application/json)"}, status_code=415)
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def page_error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"message": message}, status_code=status)

    @app.exception_handler(MtbriefError)
    async def mtbrief_error(request: Request, err: MtbriefError):
        return page_error(request, 404 if str(err).startswith("no document") else 400, str(err))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        return page_error(request, err.status_code, str(err.detail))

    # ---- opening a text --------------------------------------------------------------------------
    def start(text: str, name: str) -> RedirectResponse:
        ident = store.add(text, name)
        if store.result(ident) is None:
            run(ident, text)
        return RedirectResponse(f"/doc/{ident}", status_code=303)

    def run(ident: str, text: str) -> None:
        runner.submit(ident, text, lambda doc: store.save_result(ident, doc))

    def confine(rel: str) -> Path:
        if not rel or "\x00" in rel:
            raise HTTPException(400, "no file named")
        path = (root / rel).resolve()
        if not path.is_relative_to(root):
            raise HTTPException(403, f"refused: {rel!r} is outside the served folder")
        if not path.is_file():
            raise HTTPException(404, f"no file {rel!r} in the served folder")
        return path

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        return templates.TemplateResponse(
            request, "index.html", {"folder": str(root), "files": _listing(root), "limit": limit}
        )

    @app.get("/open")
    def open_file(path: str = ""):
        target = confine(path)
        return start(read_input(target, limit), str(target.relative_to(root)))

    @app.post("/upload")
    async def upload(file: UploadFile = File(...)):
        data = await file.read(limit + 1)
        name = Path(file.filename or "upload.txt").name
        if len(data) > limit:
            raise HTTPException(413, _too_large_text(None, limit).replace("too large", f"{name} is too large"))
        return start(decode_input(data, name), name)

    @app.post("/paste")
    async def paste(text: str = Form(...), name: str = Form("")):
        data = text.encode("utf-8")
        if len(data) > limit:
            raise HTTPException(413, _too_large_text(len(data), limit))
        return start(decode_input(data, "pasted text"), name.strip() or "pasted text")

    # ---- the review page -------------------------------------------------------------------------
    def loaded(ident: str):
        entry = store.get(ident)
        doc = store.result(ident)
        if doc is None:
            raise HTTPException(409, "this text has not finished its run yet")
        return entry, doc

    def fragment(ident: str, doc, decisions) -> dict[str, Any]:
        return {
            "html": views.text_html(doc, decisions),
            "counts": views.counts(doc, decisions),
            "rules": views.rule_rows(doc, decisions),
        }

    @app.get("/doc/{ident}", response_class=HTMLResponse)
    def review(request: Request, ident: str):
        entry = store.get(ident)
        doc = store.result(ident)
        job = runner.status(ident)
        if doc is None and job is None:  # e.g. the server restarted mid-run
            run(ident, entry.source)
            job = runner.status(ident)
        context: dict[str, Any] = {"id": ident, "name": entry.name, "job": job.as_dict() if job else None}
        if doc is not None and not runner.busy(ident):
            decisions = store.decisions(ident, entry.source)
            context.update(
                ready=True,
                text=views.text_html(doc, decisions),
                counts=views.counts(doc, decisions),
                rules=views.rule_rows(doc, decisions),
                outline=views.outline_items(doc),
                briefing=views.briefing_items(doc),
                method=doc.summary.method if doc.summary else "",
                stale=len(stale_ids(doc, decisions)),
                glossary=str(glossary),
            )
        return templates.TemplateResponse(request, "review.html", context)

    @app.get("/api/doc/{ident}/status")
    def status(ident: str):
        store.get(ident)
        job = runner.status(ident)
        if job is None:
            return {"state": "done" if store.result(ident) is not None else "missing", "message": "", "error": ""}
        return job.as_dict()

    @app.post("/api/doc/{ident}/decide")
    def decide(ident: str, body: EditDecision):
        entry, doc = loaded(ident)
        with decide_lock:
            decisions = store.decisions(ident, entry.source)
            if body.kind == "edit":
                decide_edit(doc, decisions, body.id, body.accept)
            elif body.kind == "flag":
                choose_suggestion(doc, decisions, body.id, body.choice)
            elif body.kind == "rule":
                decide_rule(doc, decisions, body.rule, body.accept)
            else:
                raise HTTPException(400, f"unknown decision kind {body.kind!r}; use edit, flag or rule")
            store.save_decisions(ident, decisions)
        return fragment(ident, doc, decisions)

    @app.get("/api/doc/{ident}/span")
    def span(ident: str, start: int, end: int):
        entry, doc = loaded(ident)
        return {"start": start, "end": end, "text": current_text(doc, store.decisions(ident, entry.source), start, end)}

    @app.post("/api/doc/{ident}/editor")
    def correct(ident: str, body: Correction):
        entry, doc = loaded(ident)
        with decide_lock:
            decisions = store.decisions(ident, entry.source)
            add_editor_edit(doc, decisions, body.start, body.end, body.after, body.note)
            store.save_decisions(ident, decisions)
        return fragment(ident, doc, decisions)

    @app.post("/api/doc/{ident}/editor/remove")
    def uncorrect(ident: str, body: Removal):
        entry, doc = loaded(ident)
        with decide_lock:
            decisions = store.decisions(ident, entry.source)
            remove_editor_edit(decisions, body.id)
            store.save_decisions(ident, decisions)
        return fragment(ident, doc, decisions)

    @app.post("/api/doc/{ident}/rerun")
    def rerun(ident: str):
        entry = store.get(ident)
        run(ident, entry.source)
        return runner.status(ident).as_dict()

    @app.post("/api/glossary")
    def add_glossary(body: GlossaryEntry):
        return {"file": str(glossary), "entries": append_glossary(glossary, body)}

    @app.get("/doc/{ident}/export/{fmt}")
    def export(ident: str, fmt: str):
        if fmt not in exports.FORMATS:
            raise HTTPException(404, f"no export {fmt!r}; choose one of {', '.join(exports.FORMATS)}")
        entry, doc = loaded(ident)
        media, suffix = exports.FORMATS[fmt]
        content = exports.export(doc, store.decisions(ident, entry.source), fmt, entry.name)
        filename = Path(entry.name).stem + ("-reviewed" if fmt != "decisions" else "") + suffix
        disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
        return Response(content, media_type=media, headers={"Content-Disposition": disposition})

    return app


def _listing(root: Path) -> list[str]:
    """Text files under the served folder (hidden folders skipped), as paths relative to it."""
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        if path.is_file() and path.resolve().is_relative_to(root):
            out.append(rel.as_posix())
            if len(out) >= MAX_LISTED:
                break
    return out


def append_glossary(path: Path, entry: GlossaryEntry) -> int:
    """Add one entry to the user's glossary file (created if absent), checked by the same reader
    the clean stage uses before it replaces the file; returns how many entries the file holds."""
    from ..stages.clean.glossary import load_glossary

    wrong, right = " ".join(entry.wrong.split()), " ".join(entry.right.split())
    if not wrong or not right:
        raise InputError("a glossary entry needs the wrong text and the right text")
    if wrong.lower() == right.lower():
        raise InputError("the wrong text and the right text are the same")
    existing: list[Any] = []
    if path.is_file():
        existing = parse_yaml(path.read_text(encoding="utf-8")) or []
        if not isinstance(existing, list):
            raise InputError(f"{path} is not a glossary (a YAML list of entries); fix or move it first")
    new = {"zh": entry.zh.strip(), "wrong": [wrong], "right": right, "note": " ".join(entry.note.split()) or "added in review"}
    content = yaml.safe_dump([*existing, new], allow_unicode=True, sort_keys=False, width=100)
    check = path.with_name(f".{path.name}.check.yaml")
    try:
        write_output(check, content)
        load_glossary(False, (str(check),))  # raises ConfigError naming what is wrong
    finally:
        load_glossary.cache_clear()
        check.unlink(missing_ok=True)
    write_output(path, content)
    return len(existing) + 1
