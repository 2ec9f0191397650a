"""Strings of the classroom features (sharing, QR code, rate limits). Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "classroom.title": ("Share with your class", "수업에서 함께 쓰기"),
    "classroom.links": ("Addresses and QR codes for students", "학생용 주소와 QR 코드"),
}
