"""``mtbrief serve``: the editor's review app in a local browser (see :mod:`pipeline.serve.app`)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

from ..errors import ConfigError, MtbriefError


def is_local(host: str) -> bool:
    """Is ``host`` a loopback address (or ``localhost``)? Only those are bound without asking."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, explicit: bool) -> None:
    """Refuse a non-local bind unless the user typed ``--host`` for it: a config file alone must
    never expose the served folder to the network."""
    if not is_local(host) and not explicit:
        raise ConfigError(
            f"serve.host {host!r} is not a local address: the served folder would be reachable from other "
            f"machines; pass --host {host} on the command line to bind it on purpose"
        )


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as err:
            raise MtbriefError(f"cannot listen on {host}:{port}: {err.strerror or err}; pass --port another one") from None


def serve(
    folder: str | Path,
    config: str | None,
    overrides: dict[str, Any],
    host: str | None,
    port: int | None,
    say=print,
) -> None:
    """Check the bind, build the app and run it with uvicorn until interrupted."""
    import uvicorn

    from ..config import load_config
    from .app import create_app

    settings = load_config(config, overrides)["serve"]
    bind = host or settings["host"]
    check_bind(bind, explicit=host is not None)
    app = create_app(folder, config, overrides, public=not is_local(bind))
    port = int(port or settings["port"])
    _check_port_free(bind, port)
    shown = f"[{bind}]" if ":" in bind else bind
    if is_local(bind):
        say(f"mtbrief: serving {Path(folder).resolve()} at http://{shown}:{port}/ (local only; Ctrl-C stops)")
    else:
        say(
            f"mtbrief: warning: serving {Path(folder).resolve()} at http://{shown}:{port}/ on a non-local address: "
            "anyone who can reach it can read the texts in that folder and your decisions"
        )
    uvicorn.run(app, host=bind, port=port, log_level="warning")
