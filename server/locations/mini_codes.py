"""Mini-program codes for posters: WeChat draws one per place code (``getwxacodeunlimit``
with the code as its ``scene``); each is kept as a file named by the code, so it is asked for
once, and a replaced code (a new poster) gets its own. When WeChat cannot answer, the poster
is printed with the ordinary QR alone — it works in every camera app anyway."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

from server.core.media import write_atomically
from server.core.wechat import WeChat, WeChatError

log = logging.getLogger("yizhan.posters")
FOLDER = "wxacode"


async def mini_code_images(wechat: WeChat, codes: list[str], media_dir: Path, page: str, env: str) -> dict[str, str]:
    """code → the mini-program code as a ``data:`` URI (for the printable HTML)."""
    folder = media_dir / FOLDER
    found: dict[str, str] = {}
    for code in codes:
        path = folder / f"{code}.png"
        if path.is_file():
            data = path.read_bytes()
        else:
            try:
                data = await wechat.mini_program_code(code, page, env)
            except WeChatError as error:
                log.warning("no mini-program code for a poster: WeChat %s", error.errcode)
                continue
            await write_atomically(folder, path.name, data)
        found[code] = "data:image/png;base64," + base64.b64encode(data).decode()
    return found
