"""Issue 12: an email joins an existing complaint only when the landlord's receiving server verified
its sender (``Authentication-Results``, RFC 8601); anything else is a new contact for staff."""

from __future__ import annotations

import pytest

from putright.intake.authresults import verify

SERVER = "mx.landlord.example"


@pytest.fixture(autouse=True)
def trusted(settings) -> None:
    settings.PUTRIGHT_INTAKE_AUTHSERV_IDS = f"{SERVER}, mx2.landlord.example"


@pytest.mark.parametrize(
    "header",
    [
        f"{SERVER}; dmarc=pass (p=none dis=none) header.from=example.org",
        f"{SERVER}; dkim=pass header.d=example.org header.s=sel; spf=softfail smtp.mailfrom=example.org",
        f"{SERVER}; spf=pass (sender SPF authorized) smtp.mailfrom=bounce.example.org",
        f"{SERVER}; dkim=pass header.i=@mail.example.org",
        "MX2.LANDLORD.EXAMPLE; dmarc=pass header.from=example.org",
    ],
)
def test_a_pass_aligned_with_the_sender_from_our_server_verifies(header) -> None:
    verdict = verify([header], "sam@example.org")
    assert verdict.verified, verdict.reason


@pytest.mark.parametrize(
    "headers,why",
    [
        ([], "added no Authentication-Results"),
        (["attacker.example; dmarc=pass header.from=example.org"], "added no Authentication-Results"),
        ([f"{SERVER}; dkim=pass header.d=attacker.example"], "no SPF, DKIM or DMARC pass"),
        ([f"{SERVER}; spf=fail smtp.mailfrom=example.org; dkim=none"], "no SPF, DKIM or DMARC pass"),
        ([f"{SERVER}; dkim=pass header.d=example.org; dmarc=fail header.from=example.org"], "DMARC failed"),
        ([f"{SERVER}; spf=pass smtp.mailfrom=notexample.org"], "no SPF, DKIM or DMARC pass"),
    ],
)
def test_anything_else_does_not_verify(headers, why) -> None:
    verdict = verify(headers, "sam@example.org")
    assert not verdict.verified
    assert why in verdict.reason


def test_with_no_trusted_server_configured_no_sender_is_verified(settings) -> None:
    settings.PUTRIGHT_INTAKE_AUTHSERV_IDS = ""
    verdict = verify([f"{SERVER}; dmarc=pass header.from=example.org"], "sam@example.org")
    assert not verdict.verified and "PUTRIGHT_INTAKE_AUTHSERV_IDS" in verdict.reason
