from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from server.core.roles import Role

__all__ = ["Account", "Role", "Session", "WeChatBinding"]




class Account(Model):
    id = fields.IntField(primary_key=True)
    role = fields.CharEnumField(Role, max_length=20, db_index=True)
    name = fields.CharField(max_length=50)
    # Mainland mobile number, 11 digits, normalised on the way in.
    phone = fields.CharField(max_length=11, unique=True, null=True)
    # Staff may sign in with a user name instead of a phone; stored lower-case.
    username = fields.CharField(max_length=32, unique=True, null=True)
    password_hash = fields.CharField(max_length=255)
    scope: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="accounts", null=True, on_delete=fields.RESTRICT
    )
    is_active = fields.BooleanField(default=True)
    consent_version = fields.CharField(max_length=20, null=True)
    consent_at = fields.DatetimeField(null=True)
    # Riders choose to appear (as surname + 师傅) on their station's monthly leaderboard.
    on_leaderboard = fields.BooleanField(default=False)
    password_changed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "account"

    def __str__(self) -> str:
        return f"{self.role}:{self.id}"


class Session(Model):
    """A signed-in device. Only the SHA-256 of the cookie token is stored, so a copy of
    the database does not hand out working sessions."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "yizhan.Account", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    user_agent = fields.CharField(max_length=200, default="")

    class Meta:
        table = "account_session"


# A WeChat user (the openid of our mini-program or official account) bound to an account:
# signing in from WeChat finds the account by it. One account, one openid.
class WeChatBinding(Model):
    id = fields.IntField(primary_key=True)
    account: fields.OneToOneRelation[Account] = fields.OneToOneField(
        "yizhan.Account", related_name="wechat", on_delete=fields.CASCADE)
    openid = fields.CharField(max_length=64, unique=True)
    unionid = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account_wechat"
