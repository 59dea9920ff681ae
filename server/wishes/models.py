from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class WishCategory(StrEnum):
    ACCESS = "access"        # 进门难: getting into gated compounds
    CHARGING = "charging"    # 充电难
    RESTING = "resting"      # 休息难
    EATING = "eating"        # 就餐难
    GOODS = "goods"          # 生活物资
    LEARNING = "learning"    # 学习培训
    FAMILY = "family"        # 家庭
    OTHER = "other"          # 其他


class WishStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for the station head or community worker
    PUBLISHED = "published"  # on the wall, open to claim
    REJECTED = "rejected"    # not published (with a reason)
    CLAIMED = "claimed"      # someone is on it (one active claim)
    FULFILLED = "fulfilled"  # done, waiting for the rider's thanks
    THANKED = "thanked"      # the rider confirmed: lit (已点亮) on the wall
    WITHDRAWN = "withdrawn"  # the rider took it back


class WishSource(StrEnum):
    APP = "app"                      # the rider, through the app
    TALK_SESSION = "talk_session"    # recorded by staff at a 恳谈会
    LISTENING_POINT = "listening_point"  # recorded by staff at a 百姓说事点


class ClaimerKind(StrEnum):
    RESIDENT = "resident"
    PARTY_MEMBER = "party_member"
    MERCHANT = "merchant"
    PARTNER_UNIT = "partner_unit"


class ClaimStatus(StrEnum):
    ACTIVE = "active"
    FULFILLED = "fulfilled"
    GIVEN_UP = "given_up"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"  # the wish was withdrawn while claimed


class Wish(Model):
    id = fields.IntField(primary_key=True)
    category = fields.CharEnumField(WishCategory, max_length=12, db_index=True)
    title = fields.CharField(max_length=40)
    description = fields.CharField(max_length=500, default="")
    photo = fields.CharField(max_length=40, null=True)
    thumb = fields.CharField(max_length=40, null=True)
    place: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Place", related_name="wishes", on_delete=fields.RESTRICT
    )
    community: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="wishes", on_delete=fields.RESTRICT
    )
    # The place's manager path (its station, else its community): who reviews the wish.
    scope_path = fields.CharField(max_length=255, db_index=True)
    # The rider: an account, or only a name when staff wrote the wish down for them.
    rider: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="wishes", null=True, on_delete=fields.RESTRICT
    )
    rider_name = fields.CharField(max_length=50)
    recorded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="wishes_recorded", null=True, on_delete=fields.SET_NULL
    )
    source = fields.CharEnumField(WishSource, max_length=16, default=WishSource.APP)
    needed_by = fields.DateField(null=True)
    status = fields.CharEnumField(WishStatus, max_length=12, default=WishStatus.SUBMITTED, db_index=True)
    reject_reason = fields.CharField(max_length=200, default="")
    thanks = fields.CharField(max_length=200, default="")
    idempotency_key = fields.CharField(max_length=64, unique=True, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    published_at = fields.DatetimeField(null=True)
    claimed_at = fields.DatetimeField(null=True)
    fulfilled_at = fields.DatetimeField(null=True)
    thanked_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "wish"
        # Walls (a place's or a community's wishes by status, the lit ones latest thanks
        # first); the figures count what happened in a period by each of these moments.
        indexes = (("place_id", "status", "thanked_at"), ("community_id", "status", "thanked_at"), ("created_at",),
                   ("published_at",), ("fulfilled_at",), ("thanked_at",))


# Someone's promise to make a wish come true. The claimer needs no account: a secret token
# (only its SHA-256 is stored) in a private link lets them manage it.
class WishClaim(Model):
    id = fields.IntField(primary_key=True)
    wish: fields.ForeignKeyRelation[Wish] = fields.ForeignKeyField(
        "yizhan.Wish", related_name="claims", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=50)
    phone = fields.CharField(max_length=11)
    kind = fields.CharEnumField(ClaimerKind, max_length=14)
    consent_at = fields.DatetimeField()
    account: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="wish_claims", null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharEnumField(ClaimStatus, max_length=10, default=ClaimStatus.ACTIVE, db_index=True)
    expires_at = fields.DatetimeField(db_index=True)
    note = fields.CharField(max_length=500, default="")
    photo = fields.CharField(max_length=40, null=True)
    thumb = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    closed_at = fields.DatetimeField(null=True)
    # When the claimer was reminded that the claim ends within a day (once).
    warned_at = fields.DatetimeField(null=True)

    class Meta:
        table = "wish_claim"
        indexes = (("created_at",), ("closed_at",))  # claims made / run out in a period


class WishEvent(Model):
    id = fields.IntField(primary_key=True)
    wish: fields.ForeignKeyRelation[Wish] = fields.ForeignKeyField(
        "yizhan.Wish", related_name="events", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="wish_events", null=True, on_delete=fields.SET_NULL
    )
    # Who acted when there is no account (a claimer): shown as surname + 师傅/the kind.
    actor_label = fields.CharField(max_length=50, default="")
    action = fields.CharField(max_length=20)
    from_status = fields.CharField(max_length=12, default="")
    to_status = fields.CharField(max_length=12)
    note = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "wish_event"
