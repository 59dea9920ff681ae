"""How riders appear in public (walls, leaderboards): surname + 师傅, never a full name.

Chinese names start with the surname, one character or one of the common two-character
ones (欧阳, 上官 …). A Uyghur name written in Chinese characters (艾力·买买提) is shown
by its given name, as people address each other (艾力师傅). Uyghur and other names written with spaces are shown by their first
word, which is how people are addressed.
"""

from __future__ import annotations

COMPOUND_SURNAMES = frozenset(
    "欧阳 上官 司马 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 独孤 南宫 西门 呼延 端木".split()
)
TITLE = "师傅"


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def public_short(full_name: str) -> str:
    """The part of a rider's name people use with the title: the surname (compound ones
    too), the given name of a Uyghur name in Chinese characters, else the first word."""
    name = (full_name or "").strip()
    if not name:
        return ""
    if "·" in name and _is_cjk(name[0]):
        return name.split("·")[0]
    if _is_cjk(name[0]):
        return name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return name.replace("·", " ").split()[0]


def public_name(full_name: str) -> str:
    """Surname + 师傅 (艾力师傅, 王师傅, "Ali 师傅"): the Chinese form the server writes; a
    screen in another language builds its own from ``public_short`` and its catalog."""
    short = public_short(full_name)
    if not short:
        return TITLE
    return short + TITLE if _is_cjk(short[0]) else f"{short} {TITLE}"
