"""Request body size limits (enforced while the body streams in) and the security headers of every response."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lamplighter.entrypoints.api.problems import ApiProblem, problem

IMPORT_PATH_MARK = "/imports"


class BodySizeLimit:
    """Refuse bodies over ``default_bytes`` (``import_bytes`` on import paths) with 413."""

    def __init__(self, app: ASGIApp, *, default_bytes: int, import_bytes: int) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.import_bytes = import_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.import_bytes if IMPORT_PATH_MARK in scope["path"] else self.default_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            response = problem(413, _detail(limit), kind="body-too-large", limit_bytes=limit, instance=scope["path"])
            await response(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            # A body without (or lying about) Content-Length is counted as it arrives;
            # the problem is raised inside the app, so the one error handler answers it.
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise ApiProblem(413, _detail(limit), kind="body-too-large", limit_bytes=limit)
            return message

        await self.app(scope, counting_receive, send)


def _detail(limit: int) -> str:
    return f"the request body is larger than {limit:,} bytes"


_SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),  # the dashboard's forms must not be framed (clickjacking)
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    """Add the headers every response should carry (pure ASGI: no per-request task overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in _SECURITY_HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
