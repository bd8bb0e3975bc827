"""Did the receiving mail server verify the sender? (``Authentication-Results``, RFC 8601.)

Anyone can write any ``From:``. Before an email is joined to an existing complaint, the landlord's
own receiving server must have checked that the sender's domain really sent it: DMARC passed for the
``From:`` domain, or DKIM passed with a signing domain aligned with it, or SPF passed for an aligned
envelope sender. Only ``Authentication-Results`` headers written by the landlord's server count
(their authserv-id is in ``PUTRIGHT_INTAKE_AUTHSERV_IDS``): any other was written by whoever sent
the message and proves nothing (RFC 8601 section 5). A DMARC failure outweighs any pass. With no
trusted id configured, no sender is verified and every email is a new contact for staff to match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from putright.intake.conf import setting


@dataclass(frozen=True)
class Verdict:
    verified: bool
    #: one line for staff: what was checked and found
    reason: str


def trusted_ids() -> set[str]:
    return {
        value.strip().lower() for value in setting("PUTRIGHT_INTAKE_AUTHSERV_IDS").split(",") if value.strip()
    }


def _strip_comments(value: str) -> str:
    previous = None
    while previous != value:
        previous = value
        value = re.sub(r"\([^()]*\)", " ", value)
    return value


@dataclass(frozen=True)
class _Result:
    method: str
    result: str
    properties: dict[str, str]


def parse(value: str) -> tuple[str, list[_Result]]:
    """The authserv-id and each method's result of one ``Authentication-Results`` header."""
    text = _strip_comments(" ".join(value.split()))
    pieces = [piece.strip() for piece in text.split(";")]
    authserv = pieces[0].split()[0].lower() if pieces and pieces[0].split() else ""
    results: list[_Result] = []
    for piece in pieces[1:]:
        match = re.match(r"([A-Za-z0-9_.-]+)\s*(?:/\s*\S+)?\s*=\s*([A-Za-z]+)(.*)", piece)
        if not match:
            continue
        properties = {
            key.lower(): val.strip('"').lower()
            for key, val in re.findall(
                r"([A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+)\s*=\s*(\"[^\"]*\"|\S+)", match.group(3)
            )
        }
        results.append(_Result(match.group(1).lower(), match.group(2).lower(), properties))
    return authserv, results


def _domain(value: str) -> str:
    return value.rsplit("@", 1)[-1].strip().strip(".").lower()


def _aligned(domain: str, sender_domain: str) -> bool:
    """Relaxed alignment (RFC 7489 3.1): one domain is the other or a subdomain of it."""
    if not domain or not sender_domain:
        return False
    return (
        domain == sender_domain
        or sender_domain.endswith("." + domain)
        or domain.endswith("." + sender_domain)
    )


def verify(headers: list[str], sender: str) -> Verdict:
    """``headers``: every ``Authentication-Results`` value of the message, top first."""
    ids = trusted_ids()
    if not sender or "@" not in sender:
        return Verdict(False, "the email has no sender address to verify")
    if not ids:
        return Verdict(
            False, "no receiving server is trusted to verify senders (PUTRIGHT_INTAKE_AUTHSERV_IDS)"
        )
    sender_domain = _domain(sender)
    passes: list[str] = []
    seen = False
    for value in headers:
        authserv, results = parse(value)
        if authserv not in ids:
            continue
        seen = True
        for result in results:
            if result.method == "dmarc":
                from_domain = _domain(result.properties.get("header.from", sender_domain))
                if _aligned(from_domain, sender_domain) and result.result == "fail":
                    return Verdict(False, f"{authserv}: DMARC failed for {sender_domain}")
                if _aligned(from_domain, sender_domain) and result.result == "pass":
                    passes.append("DMARC")
            elif result.method == "dkim" and result.result == "pass":
                signer = _domain(
                    result.properties.get("header.d", "") or result.properties.get("header.i", "")
                )
                if _aligned(signer, sender_domain):
                    passes.append(f"DKIM ({signer})")
            elif result.method == "spf" and result.result == "pass":
                envelope = _domain(result.properties.get("smtp.mailfrom", ""))
                if _aligned(envelope, sender_domain):
                    passes.append(f"SPF ({envelope})")
    if passes:
        return Verdict(
            True,
            f"{sender_domain} verified by the receiving server: {', '.join(dict.fromkeys(passes))} passed",
        )
    if not seen:
        return Verdict(
            False, "the receiving server added no Authentication-Results, so the sender is not verified"
        )
    return Verdict(False, f"no SPF, DKIM or DMARC pass for {sender_domain} from the receiving server")
