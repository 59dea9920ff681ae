from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath

from server.locations.schemas import PlaceSummary, ResolvedCode
from server.locations.service import resolve_code


class CodeController(Controller):
    path = "/api/v1/codes"
    tags = ["places"]

    @get("/{code:str}")
    async def resolve(self, code: FromPath[str]) -> ResolvedCode:
        """What a poster's code points at. Case and separators do not matter. A code of a
        deactivated place, or one replaced by a new poster, still answers (state
        ``inactive`` / ``retired``) so that old posters fail gracefully; 404 only for
        codes that never existed."""
        normalised, state, place = await resolve_code(code)
        return ResolvedCode(code=normalised, state=state, place=PlaceSummary.of(place))
