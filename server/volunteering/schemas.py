"""What the small-task and help API accepts and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from server.core.clock import Instant
from server.core.media import photo_url
from server.core.names import public_name
from server.volunteering.models import Beneficiary, HelpRequest, Task, TaskShare

Short = Annotated[str, msgspec.Meta(max_length=60)]
Text = Annotated[str, msgspec.Meta(max_length=1000)]


class TaskIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    title: Short
    starts_at: Instant
    ends_at: Instant
    quota: int
    instructions: Text = ""
    unit: str = "riders"
    points: int = 10
    proof: str = "photo"
    place_id: int | None = None
    area: Annotated[str, msgspec.Meta(max_length=100)] = ""


class TaskOut(msgspec.Struct):
    id: int
    kind: str
    title: str
    instructions: str
    place_id: int | None
    area: str
    latitude: float | None
    longitude: float | None
    starts_at: datetime
    ends_at: datetime
    unit: str
    quota: int
    taken: int
    left: int
    points: int
    proof: str
    status: str
    distance_km: float | None = None

    @classmethod
    def of(cls, t: Task, distance: float | None = None) -> TaskOut:
        return cls(id=t.id, kind=t.kind.value, title=t.title, instructions=t.instructions, place_id=t.place_id,
                   area=t.area, latitude=t.latitude, longitude=t.longitude, starts_at=t.starts_at, ends_at=t.ends_at,
                   unit=t.unit.value, quota=t.quota, taken=t.taken, left=max(0, t.quota - t.taken), points=t.points,
                   proof=t.proof.value, status=t.status.value, distance_km=distance)


class ClaimIn(msgspec.Struct, forbid_unknown_fields=True):
    units: int = 1


class ShareOut(msgspec.Struct):
    id: int
    task_id: int
    task_title: str | None
    rider: str
    units: int
    status: str
    proof_text: str
    proof_number: int | None
    proof_photo_url: str | None
    minutes: int | None
    reason: str
    created_at: datetime
    submitted_at: datetime | None

    @classmethod
    def of(cls, s: TaskShare) -> ShareOut:
        task = s.task if isinstance(s.task, Task) else None
        rider = s.rider.name if hasattr(s.rider, "name") else ""
        return cls(id=s.id, task_id=s.task_id, task_title=task.title if task else None, rider=public_name(rider),
                   units=s.units, status=s.status.value, proof_text=s.proof_text, proof_number=s.proof_number,
                   proof_photo_url=photo_url(s.proof_photo), minutes=s.minutes, reason=s.reason,
                   created_at=s.created_at, submitted_at=s.submitted_at)


class ProofForm(msgspec.Struct):
    """What the task asks for: a photo, a number, a short text, or the scanned place code."""

    text: Annotated[str, msgspec.Meta(max_length=500)] = ""
    number: Annotated[str, msgspec.Meta(max_length=9)] = ""
    code: Annotated[str, msgspec.Meta(max_length=40)] = ""
    photo: bytes | None = None


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=200)] = ""
    minutes: int | None = None


class BeneficiaryIn(msgspec.Struct, forbid_unknown_fields=True):
    address: Annotated[str, msgspec.Meta(max_length=200)]
    kind: str
    name: Annotated[str, msgspec.Meta(max_length=50)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=20)] = ""
    # Whose number it is when not the person's own ("女儿", "邻居王阿姨").
    phone_note: Annotated[str, msgspec.Meta(max_length=30)] = ""
    notes: Annotated[str, msgspec.Meta(max_length=300)] = ""
    consent: bool = False
    community_id: int | None = None


class BeneficiaryOut(msgspec.Struct):
    id: int
    name: str
    address: str
    phone: str
    phone_note: str
    kind: str
    notes: str
    community_id: int
    status: str
    self_registered: bool

    @classmethod
    def of(cls, b: Beneficiary) -> BeneficiaryOut:
        return cls(id=b.id, name=b.name, address=b.address, phone=b.phone, phone_note=b.phone_note, kind=b.kind.value,
                   notes=b.notes,
                   community_id=b.community_id, status=b.status.value, self_registered=b.account_id is not None)


class HelpIn(msgspec.Struct, forbid_unknown_fields=True):
    beneficiary_id: int
    kind: str
    window_from: Instant | None = None
    window_until: Instant | None = None
    from_place: Annotated[str, msgspec.Meta(max_length=100)] = ""
    to_place: Annotated[str, msgspec.Meta(max_length=100)] = ""
    notes: Annotated[str, msgspec.Meta(max_length=300)] = ""


class HelpOut(msgspec.Struct):
    """``name``, ``address`` and ``phone`` only for the community's staff and the rider holding
    it (until it is done); everyone else sees the beneficiary as a kind and a surname."""

    id: int
    kind: str
    beneficiary_kind: str
    beneficiary: str
    name: str | None
    address: str | None
    phone: str | None
    phone_note: str | None
    window_from: datetime | None
    window_until: datetime | None
    from_place: str
    to_place: str
    notes: str
    status: str
    mine: bool
    code: str | None
    minutes: int | None
    thanks: str
    claimed_at: datetime | None
    done_at: datetime | None
    locked: bool

    @classmethod
    def of(cls, r: HelpRequest, *, contact: bool, holder: bool, locked: bool) -> HelpOut:
        b = r.beneficiary
        return cls(id=r.id, kind=r.kind.value, beneficiary_kind=b.kind.value, beneficiary=public_name(b.name),
                   name=b.name if contact else None, address=b.address if contact else None,
                   phone=(b.phone if contact else None), phone_note=(b.phone_note if contact else None),
                   window_from=r.window_from, window_until=r.window_until,
                   from_place=r.from_place, to_place=r.to_place, notes=r.notes, status=r.status.value, mine=holder,
                   code=r.code if holder and r.status.value == "claimed" else None, minutes=r.minutes,
                   thanks=r.thanks, claimed_at=r.claimed_at, done_at=r.done_at,
                   locked=locked)


class CodeIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=10)] = ""
    minutes: int | None = None


class ReasonIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=200)] = ""


class ThanksIn(msgspec.Struct, forbid_unknown_fields=True):
    thanks: Annotated[str, msgspec.Meta(max_length=200)]


class FreeIn(msgspec.Struct, forbid_unknown_fields=True):
    minutes: int
    peak_ok: bool = False


class FreeOut(msgspec.Struct):
    free_until: datetime | None
    peak_ok: bool
    in_peak: bool
    offered: bool


class PeaksIn(msgspec.Struct, forbid_unknown_fields=True):
    windows: list[list[str]]


class HoursOut(msgspec.Struct):
    minutes: int
    hours: float
    tasks: int
    helps: int


class CertificateIn(msgspec.Struct, forbid_unknown_fields=True):
    first_day: date
    last_day: date


class CertificateOut(msgspec.Struct):
    code: str
    url: str
    name: str
    minutes: int
    hours: float
    first_day: date
    last_day: date
    issued_on: date
    # The certificate's words in Chinese and Uyghur (printed together), and English.
    heading: dict[str, str]
    body: dict[str, str]

