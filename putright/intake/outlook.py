"""Outlook items (``.msg``) saved into the drop folder, read with ``extract-msg``.

An Outlook item is not an email in Internet format: :func:`msg_to_eml` converts it to one (headers,
text, HTML and attachments, as ``extract-msg`` reads them) so the same intake reads it; the .msg
itself is what is kept on the record, byte for byte.
"""

from __future__ import annotations

import io
import logging


class OutlookError(ValueError):
    """The file could not be read as an Outlook item; ``str()`` says why."""


def msg_to_eml(data: bytes) -> bytes:
    import extract_msg

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
