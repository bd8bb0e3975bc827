"""Outlook items (``.msg``) saved into the drop folder, read with ``extract-msg``.

``extract-msg`` is GPL-3.0, so it is an optional extra (``uv sync --extra outlook``), not part of the
MIT-licensed default install; without it a ``.msg`` is skipped with that reason, never lost.

An Outlook item is not an email in Internet format: :func:`msg_to_eml` converts it to one (headers,
text, HTML and attachments, as ``extract-msg`` reads them) so the same intake reads it; the .msg
itself is what is kept on the record, byte for byte.
"""

from __future__ import annotations

import io
import logging


class OutlookError(ValueError):
    """The file could not be read as an Outlook item; ``str()`` says why."""


NEEDS_EXTRA = (
    "not read: Outlook .msg files need the optional 'outlook' extra "
    "(extract-msg, GPL-3.0; install with `uv sync --extra outlook`); save the item as .eml instead"
)


def msg_to_eml(data: bytes) -> bytes:
    try:
        import extract_msg
    except ImportError as error:
        raise OutlookError(NEEDS_EXTRA) from error

    logging.getLogger("extract_msg").setLevel(logging.ERROR)
    try:
        item = extract_msg.openMsg(io.BytesIO(data))
    except Exception as error:
        raise OutlookError(
            f"not an Outlook item extract-msg can read ({type(error).__name__}: {error})"
        ) from error
    try:
        if not hasattr(item, "asEmailMessage"):
            raise OutlookError(f"an Outlook {type(item).__name__}, not an email")
        try:
            message = item.asEmailMessage()
        except Exception as error:
            raise OutlookError(
                f"the Outlook item could not be converted ({type(error).__name__}: {error})"
            ) from error
        return bytes(message.as_bytes())
    finally:
        item.close()
