"""A small client for the GOV.UK Notify REST API (v2), for councils that send email through Notify.

Authentication is Notify's: the API key is ``{key name}-{service id}-{secret key}`` (the last two
are UUIDs); each request carries ``Authorization: Bearer <JWT>``, a JSON Web Token signed with the
secret key (HS256) whose claims are ``iss`` (the service id) and ``iat`` (now, in seconds). Notify
refuses a token more than 30 seconds old, so one is made for every request.

Only what PutRight needs: send an email from a template (``POST /v2/notifications/email``) with
personalisation, optionally with a file to download (``prepare_upload``), and read a notification's
status. Errors come back as :class:`NotifyError` with Notify's status and message.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from typing import Any

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
USER_AGENT = "putright-notify-client/1"


class NotifyError(Exception):
    def __init__(self, status: int | None, message: str) -> None:
        super().__init__(f"GOV.UK Notify {status or 'unreachable'}: {message}")
        self.status = status
        self.message = message


@dataclass(frozen=True)
class NotifyKey:
    service_id: str
    secret: str

    @classmethod
    def parse(cls, api_key: str) -> NotifyKey:
        key = api_key.strip()
        if len(key) < 74 or key[-37] != "-" or key[-74] != "-":
            raise NotifyError(None, "NOTIFY_API_KEY is not a Notify API key (name-serviceid-secret)")
        return cls(service_id=key[-73:-37], secret=key[-36:])


def create_token(key: NotifyKey, *, issued_at: int | None = None) -> str:
    import jwt  # lazily, as requests below: most web workers never send through Notify

    claims = {"iss": key.service_id, "iat": int(time.time()) if issued_at is None else issued_at}
    return jwt.encode(claims, key.secret, algorithm="HS256", headers={"typ": "JWT", "alg": "HS256"})


def prepare_upload(
    data: bytes, *, filename: str, confirm_email_before_download: bool = True
) -> dict[str, Any]:
    """A file for ``personalisation`` (Notify sends the resident a link to download it)."""
    return {
        "file": base64.b64encode(data).decode("ascii"),
        "filename": filename,
        "confirm_email_before_download": confirm_email_before_download,
        "retention_period": "26 weeks",
    }


class NotifyClient:
    def __init__(self, api_key: str, *, base_url: str = DEFAULT_BASE_URL, timeout: float = 10.0) -> None:
        self.key = NotifyKey.parse(api_key)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {create_token(self.key)}",
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
        }

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        # imported here, not at start-up: requests (with urllib3 and charset_normalizer) and PyJWT
        # cost each web worker several MB for a path only the task worker takes
        import requests

        try:
            response = requests.request(
                method, f"{self.base_url}{path}", json=body, headers=self._headers(), timeout=self.timeout
            )
        except requests.RequestException as error:
            raise NotifyError(None, str(error)) from None
        try:
            payload: Any = response.json()
        except ValueError:
            payload = {}
        if response.status_code >= 400:
            errors = payload.get("errors") if isinstance(payload, dict) else None
            message = "; ".join(str(e.get("message", e)) for e in errors) if errors else response.reason
            raise NotifyError(response.status_code, message or "request refused")
        return payload if isinstance(payload, dict) else {}

    def send_email(
        self,
        *,
        email_address: str,
        template_id: str,
        personalisation: dict[str, Any] | None = None,
        reference: str | None = None,
        email_reply_to_id: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"email_address": email_address, "template_id": template_id}
        if personalisation:
            body["personalisation"] = personalisation
        if reference:
            body["reference"] = reference
        if email_reply_to_id:
            body["email_reply_to_id"] = email_reply_to_id
        return self._request("POST", "/v2/notifications/email", body)

    def get_notification(self, notification_id: str) -> dict[str, Any]:
        return self._request("GET", f"/v2/notifications/{notification_id}")
