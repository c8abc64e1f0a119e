"""Request body size limits, enforced while the body streams in (not only by Content-Length)."""

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
