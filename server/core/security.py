"""Authorisation: who is calling, "role in …" guards and "within my scope" checks.

A staff account is scoped to one node of the organisation tree and sees only what lies
under it. Nodes carry a materialised ``path`` (``/1/4/9/``), so "within my scope" is a
prefix test; an object outside the scope answers 404, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from tortoise.expressions import Q

from server.core.errors import AppError, forbidden, not_found
from server.core.roles import Role


@dataclass(frozen=True)
class Principal:
    """The signed-in caller, as every handler and service sees it."""

    account_id: int
    role: Role
    name: str
    scope_id: int | None
    # None means "everything" (an admin created without a scope).
    scope_path: str | None
    session_id: int
    # What kind of node the scope is (a community, a street …), "" without one.
    scope_kind: str = ""

    def covers(self, path: str | None) -> bool:
        """Is an object at ``path`` within this caller's scope?"""
        if self.scope_path is None:
            return self.role == Role.ADMIN
        return bool(path) and path.startswith(self.scope_path)


def current_principal(connection: ASGIConnection) -> Principal:
    user = connection.scope.get("user")
    if user is None:
        code = connection.scope.get("state", {}).get("auth_error", "not_signed_in")
        raise AppError(401, code, headers={"WWW-Authenticate": 'Cookie realm="yizhan"'})
    return user


def require_roles(*roles: Role):
    """A Litestar guard: the caller is signed in and has one of ``roles``."""
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        principal = current_principal(connection)
        if allowed and principal.role not in allowed:
            raise forbidden()

    guard.__name__ = f"require_roles({', '.join(sorted(allowed))})"
    return guard


signed_in = require_roles()


def ensure_in_scope(principal: Principal, path: str | None) -> None:
    """Raise 404 for an object outside the caller's scope (its existence is not revealed)."""
    if not principal.covers(path):
        raise not_found()


def scope_filter(principal: Principal, path_field: str) -> Q:
    """A query filter keeping rows whose ``path_field`` lies within the caller's scope."""
    if principal.scope_path is None:
        return Q() if principal.role == Role.ADMIN else Q(id__in=[])
    return Q(**{f"{path_field}__startswith": principal.scope_path})

