"""A coworker's journey: fill in the profile, appear in the directory as chosen, download the
data, delete the account."""

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _sign_up_and_log_in(page, name, password):
    page.goto("/accounts/signup/")
    page.fill("#id_username", name)
    page.fill("#id_email", f"{name}@example.org")
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    page.locator("main").get_by_role("button", name="Registrati").click()
    page.goto("/accounts/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", password)
    page.locator("main").get_by_role("button", name="Accedi").click()
    expect(page.locator("header")).to_contain_text(name)


def test_a_coworker_fills_in_the_profile_downloads_the_data_and_deletes_the_account(page, tmp_path):
    password = "tavolo-lungo-77"
    _sign_up_and_log_in(page, "nadia", password)
    page.locator("header").get_by_role("link", name="nadia").click()
    page.get_by_role("link", name="Il tuo profilo e chi può vederlo").click()
    page.get_by_label("Pubblico: tutti").check()
    page.fill("#id_person-display_name", "Nadia Quercioli")
    page.fill("#id_person-bio", "Restauratrice di mobili, bottega condivisa.")
    page.get_by_label("Fotografia").check()
    page.get_by_role("button", name="Salva").click()
    expect(page.locator(".alert")).to_contain_text("salvato")

    page.goto("/persone/?skill=fotografia")
    expect(page.locator(".tv-people-list")).to_contain_text("Nadia Quercioli")

    page.goto("/account/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Scarica i miei dati").click()
    path = tmp_path / "dati.zip"
    download.value.save_as(path)
    data = json.loads(zipfile.ZipFile(path).read("data.json"))
    assert data["profile"]["display_name"] == "Nadia Quercioli"

    page.get_by_role("link", name="Elimina il mio account").click()
    page.fill("#id_password", password)
    page.get_by_label(re.compile("Ho capito")).check()
    page.locator("main").get_by_role("button", name="Elimina il mio account").click()
    expect(page.locator("header").get_by_role("link", name="Accedi")).to_be_visible()
    page.goto("/persone/?skill=fotografia")
    expect(page.locator(".tv-people-list")).not_to_contain_text("Nadia Quercioli")
