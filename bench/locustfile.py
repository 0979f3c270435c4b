"""Simulated users of one municipality for `bench/load.py`: officers, the legal office, partners.

Proportions follow who works a case on the night and the days after: most requests come from
OOV officers (lists, their work, the case page), fewer from the legal office (decisions) and
from partners (their inbox and the documents addressed to them). Each user logs in once through
the real form, as a browser does, and then thinks 1-4 s between pages.
"""

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password-123")
REFS = [r for r in os.environ.get("BENCH_REFS", "").split(",") if r]
STREETS = ["Havenstraat", "Kerkstraat 7", "Molenweg", "9999ab", "Dorpsstraat"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DOC = re.compile(r'href="(/inbox/[^"]+)"')


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    username = ""

    def on_start(self) -> None:
        form = self.client.get("/login", name="/login")
        token = CSRF.search(form.text)
        self.client.post("/login", name="/login [POST]", allow_redirects=False, data={
            "gebruikersnaam": self.username, "wachtwoord": PASSWORD,
            "csrf_token": token[1] if token else ""})

    def case(self) -> str:
        return random.choice(REFS)


class Officer(Person):
    weight = 6
    username = "bench.oov"

    @task(4)
    def case_page(self) -> None:
        self.client.get(f"/zaken/{self.case()}", name="/zaken/[zaak]")

    @task(3)
    def case_list(self) -> None:
        self.client.get("/zaken", name="/zaken")

    @task(2)
    def overdue(self) -> None:
        self.client.get("/zaken?te_laat=true", name="/zaken?te_laat")

    @task(2)
    def search(self) -> None:
        self.client.get(f"/zaken?zoek={random.choice(STREETS)}", name="/zaken?zoek")

    @task(2)
    def my_work(self) -> None:
        self.client.get("/werk", name="/werk")


class LegalOffice(Person):
    weight = 2
    username = "bench.jur"

    @task(3)
    def decisions(self) -> None:
        self.client.get(f"/zaken/{self.case()}/besluiten", name="/zaken/[zaak]/besluiten")

    @task(1)
    def case_page(self) -> None:
        self.client.get(f"/zaken/{self.case()}", name="/zaken/[zaak]")


class Partner(Person):
    weight = 2
    username = "bench.politie"

    @task(3)
    def inbox(self) -> None:
        page = self.client.get("/inbox", name="/inbox")
        links = DOC.findall(page.text)
        if links:
            self.client.get(random.choice(links), name="/inbox/[document]")
