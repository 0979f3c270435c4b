"""Simulated users of one municipality for `bench/load.py`: officers, the legal office, partners.

Proportions follow who works a case on the night and the days after: most requests come from
OOV officers (lists, their work, the case page, and ticking off a step or reopening one), fewer
from the legal office (decisions) and from partners (their inbox, the documents addressed to
them, and confirming receipt). Each user logs in once through the real form, as a browser
does, and then thinks 1-4 s between pages.

Ticking a step is the main write: it posts the case page's own form (its CSRF token and the
version the page showed), so concurrent writers meet the row locks of the audit chain and the
read model's refresh as real users do. Two officers on one case can collide: the later one gets
the Dutch conflict page (409), which is the right answer, not an error; it is counted apart.
"""

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password-123")
REFS = [r for r in os.environ.get("BENCH_REFS", "").split(",") if r]
OPEN_REFS = [r for r in os.environ.get("BENCH_OPEN_REFS", "").split(",") if r] or REFS
STREETS = ["Havenstraat", "Kerkstraat 7", "Molenweg", "9999ab", "Dorpsstraat"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DOC = re.compile(r'href="(/inbox/[^"]+)"')
ACKNOWLEDGE = re.compile(r'<form method="post" action="(/inbox/[^"]+/bevestigen)"[^>]*>\s*'
                         r'<input type="hidden" name="csrf_token" value="([^"]+)">')
# The two Dutch answers to a collision: the version the page showed is gone (check_version), or
# a concurrent commit won the race (storage/db.py CONFLICT_MESSAGE). Any other 409 is a failure.
CONFLICTS = ("intussen door iemand anders gewijzigd", "Iemand anders heeft deze zaak net gewijzigd")
# A step's form on the case page: "Afgerond" on an open step, "Heropenen" on a finished one.
STEP_FORM = re.compile(
    r'<form method="post" action="(/zaken/[^/"]+/stappen/[^"]+)">\s*'
    r'<input type="hidden" name="csrf_token" value="([^"]+)">'
    r'<input type="hidden" name="versie" value="(\d+)">\s*'
    r'<input type="hidden" name="status" value="(afgerond|open)">')


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

    @task(2)
    def tick_step(self) -> None:
        """Open a case, then tick off one of its steps or reopen one, as the page offers."""
        page = self.client.get(f"/zaken/{random.choice(OPEN_REFS)}", name="/zaken/[zaak]")
        forms = STEP_FORM.findall(page.text)
        if not forms:
            return
        action, token, version, status = random.choice(forms)
        with self.client.post(action, name="/zaken/[zaak]/stappen/[stap] [POST]",
                              data={"csrf_token": token, "versie": version, "status": status},
                              allow_redirects=False, catch_response=True) as answer:
            if answer.status_code == 303:
                answer.success()
            elif answer.status_code == 409 and any(m in answer.text for m in CONFLICTS):
                answer.success()  # the right answer to a collision; counted apart below
                self.environment.events.request.fire(
                    request_type="POST", name="stap: conflict (409, terecht)", response_time=0,
                    response_length=0, exception=None, context={})
            else:
                answer.failure(f"HTTP {answer.status_code}")


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

    @task(1)
    def acknowledge(self) -> None:
        """Confirm receipt of a letter not yet confirmed, as the inbox offers it."""
        forms = ACKNOWLEDGE.findall(self.client.get("/inbox", name="/inbox").text)
        if forms:
            action, token = random.choice(forms)
            self.client.post(action, name="/inbox/[document]/bevestigen [POST]",
                             data={"csrf_token": token}, allow_redirects=False)
