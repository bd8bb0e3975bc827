"""Copy the front-end packages PutRight uses from node_modules into its static files (no CDN).

GOV.UK Frontend's precompiled stylesheet points at GOV.UK's own font and crest (GDS Transport is
for GOV.UK services only), so they are removed: pages use Arial, as the Frontend's own fallback.
Run by scripts/bootstrap.sh after `npm ci`; the output is not committed.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
TARGET = ROOT / "putright" / "web" / "static" / "vendor" / "govuk-frontend"


def stylesheet(css: str) -> str:
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    css = css.replace("font-family:GDS Transport,", "font-family:")
    css = css.replace("font-family:GDS Transport;", "font-family:arial,sans-serif;")
    css = re.sub(r"url\(/assets/images/govuk-crest\.svg\)", "none", css)
    if "/assets/" in css:
        raise SystemExit("vendor_frontend: the stylesheet still refers to /assets/: update this script")
    return css.replace("/*# sourceMappingURL=govuk-frontend.min.css.map */", "")


def main() -> int:
    if not SOURCE.is_dir():
        print("vendor_frontend: node_modules/govuk-frontend is missing: run `npm ci` first", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    css = (SOURCE / "govuk-frontend.min.css").read_text(encoding="utf-8")
    (TARGET / "govuk-frontend.min.css").write_text(stylesheet(css), encoding="utf-8")
    js = (SOURCE / "govuk-frontend.min.js").read_text(encoding="utf-8")
    (TARGET / "govuk-frontend.min.js").write_text(
        js.replace("//# sourceMappingURL=govuk-frontend.min.js.map", ""), encoding="utf-8"
    )
    shutil.copy2(SOURCE / "assets" / "images" / "favicon.ico", TARGET / "favicon.ico")
    print(f"vendor_frontend: GOV.UK Frontend copied to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
