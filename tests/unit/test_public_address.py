"""Links and QR codes carry the public address when one is set, else the address the browser used."""

from __future__ import annotations

from evidence.ui.state import public_address


def test_the_browsers_address_without_a_setting() -> None:
    assert public_address("http://127.0.0.1:8501/claims?verdict=supported", None) == "http://127.0.0.1:8501/claims"


def test_a_public_address_replaces_the_host_and_keeps_the_page() -> None:
    internal = "http://10.0.0.7:8501/present?talk=C01"
    assert public_address(internal, "https://evidence.example.org") == "https://evidence.example.org/present"
    assert public_address(internal, "https://example.org/runners/") == "https://example.org/runners/present"
    assert public_address("http://10.0.0.7:8501/", "https://example.org") == "https://example.org/"
