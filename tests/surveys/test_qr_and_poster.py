"""The QR code decodes to the public address (zbarimg, Debian's zbar-tools); the poster is a tagged A4 PDF."""

import re
import shutil
import subprocess  # noqa: S404 - zbarimg, a fixed command on a file of the test
import zlib

import pytest


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg absent (apt-get install zbar-tools)")
def test_the_qr_code_decodes_to_the_public_address(world, campaign, tmp_path, settings):
    settings.SITE_URL = "https://vigie.example.gouv.fr"
    response = world.client_for(world.reader).get(f"/enquetes/{campaign.public_id}/sites/sp-reims/qr.png")
    assert response["Content-Type"] == "image/png"
    image = tmp_path / "qr.png"
    image.write_bytes(response.content)
    zbarimg = shutil.which("zbarimg")
    decoded = subprocess.run(  # noqa: S603 - fixed program, a file of the test
        [zbarimg, "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded == f"https://vigie.example.gouv.fr/avis/{campaign.public_id}/sp-reims/"
    # and that address is the public page, open without an account
    from django.test import Client

    assert Client().get(decoded.removeprefix(settings.SITE_URL)).status_code == 200


def test_the_poster_is_a_tagged_a4_pdf_with_the_dates_and_the_identity(world, campaign):
    response = world.client_for(world.officer).get(f"/enquetes/{campaign.public_id}/sites/pref-51/affiche.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    pdf = _with_streams_inflated(response.content)
    assert b"/StructTreeRoot" in pdf and b"/Marked true" in pdf  # tagged: readable by a screen reader
    assert b"/Lang (fr)" in pdf
    assert b"/MediaBox [0 0 595" in pdf  # A4 width in points


def _with_streams_inflated(pdf: bytes) -> bytes:
    """The PDF and its compressed streams (object streams hold the catalogue), for a plain search."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)
