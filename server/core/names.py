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


def public_name(full_name: str) -> str:
    name = (full_name or "").strip()
    if not name:
        return TITLE
    if "·" in name and _is_cjk(name[0]):
        # A Uyghur name in Chinese characters (艾力·买买提): people say 艾力师傅.
        return name.split("·")[0] + TITLE
    if _is_cjk(name[0]):
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
        return surname + TITLE
    first_word = name.replace("·", " ").split()[0]
    return f"{first_word} {TITLE}"
