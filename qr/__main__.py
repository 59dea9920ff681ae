"""``python -m qr``: one QR code, as the posters draw it (error correction Q, a quiet zone of
four modules), for any address — no database, no settings.

    python -m qr https://example.org/q/ABC --out code.png   (or code.svg)

Posters of the places come from the server: ``yizhan posters --out DIR``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qr.codes import qr_png, qr_svg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qr", description="Draw one QR code (PNG or SVG) for an address")
    parser.add_argument("text", help="what the code holds, usually an address")
    parser.add_argument("--out", type=Path, required=True, help="file to write: .png or .svg")
    args = parser.parse_args(argv)
    suffix = args.out.suffix.lower()
    if suffix not in (".png", ".svg"):
        print(f"qr: error: {args.out} must end in .png or .svg", file=sys.stderr)
        return 2
    try:
        if suffix == ".png":
            args.out.write_bytes(qr_png(args.text))
        else:
            args.out.write_text(qr_svg(args.text), encoding="utf-8")
    except (OSError, ValueError) as exc:
        print(f"qr: error: {exc}", file=sys.stderr)
        return 1
    print(f"QR code for {args.text} → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
