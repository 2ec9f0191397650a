"""Strings of the classroom features (sharing, QR code, rate limits), in English and Korean (same keys)."""

from __future__ import annotations

EN: dict[str, str] = {
    "classroom.title": "Share with your class",
    "classroom.links": "Addresses and QR codes for students",
}

KO: dict[str, str] = {
    "classroom.title": "수업에서 함께 쓰기",
    "classroom.links": "학생용 주소와 QR 코드",
}
