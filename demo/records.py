"""The demo's records: the organisation directory, missions, engagements, agreements, events, sector
involvements, then the indicators with their targets and the plan (D3.2 Table 12)."""

from agreements.models import Agreement, Engagement, SectorInvolvement
from agreements.signature import signature_date
from communication.models import CommunicationActivity
from consortium.models import (
    Organisation,
    Sector,
)
from demo.rows import DemoDataError, Rows, read
from events.models import Event, EventCountry
from kpis.catalogue import rule_values
from kpis.models import CountingRule, Indicator, IndicatorSet, IndicatorTarget, PlanItem, ReportedValue
from missions.models import Mission


class RecordRows(Rows):
    # -- vocabulary and directory --------------------------------------------------------------------
    def load_directory(self):
        self.sectors = {}
        for row in read("sectors.yaml", self.dir):
            self.sectors[row["name"]] = self.upsert(
                Sector, {"name": row["name"]}, {"is_mobility": row["mobility"]}
            )
        self.organisations = {}
        for row in read("organisations.yaml", self.dir):
            where = f"organisations.yaml '{row['name']}'"
            member_of = self.partner(row["member_of"], where) if row.get("member_of") else None
            self.organisations[row["name"]] = self.upsert(
                Organisation,
                {"project": self.project, "name": row["name"]},
                {
                    "acronym": row.get("acronym") or "",
                    "type": row.get("type") or Organisation.Type.OTHER,
                    "country": row.get("country") or "",
                    "scope": row.get("scope") or "",
                    "website": row.get("website") or "",
                    "description": row.get("description") or "",
                    "member_of": member_of,
                },
                m2m={"sectors": [self.sector(s, where) for s in row.get("sectors") or []]},
            )

    # -- records -----------------------------------------------------------------------------------
    def load_missions(self):
        self.missions = {}
        for number, row in enumerate(read("missions.yaml", self.dir), start=1):
            where = f"missions.yaml '{row['title']}'"
            participants = [self.partner(s, where) for s in row.get("participants") or []]
            values = {
                "name": row["title"],
                "target_market": row["target_market"],
                "country": row["country"],
                "kind": row.get("kind") or Mission.Kind.EXPLORATORY,
                "notes": row.get("notes") or "",
                "consortium_led": True,
                "responsible_text": "ELCA",
                "position": number,
                "description": row.get("description") or "",
                **self.dated_values(row, where),
            }
            self.missions[row["title"]] = self.upsert(
                Mission,
                {"project": self.project, "external_ref": f"MISSION-{number}"},
                values,
                m2m={"participants": participants},
            )

    def load_communication(self):
        """The dissemination log (communication.yaml): its activities and the audience each reached."""
        for number, row in enumerate(read("communication.yaml", self.dir), start=1):
            where = f"communication.yaml '{row['ref']}'"
            values, m2m = self.record_values(row | {"row": number}, where)
            audience = row.get("audience") or {}
            values |= self.dated_values(row, where) | {
                "kind": row["kind"],
                "channel": row.get("channel") or "",
                "link": row.get("link") or "",
                "description": row.get("description") or "",
                **{
                    name: audience.get(name.removeprefix("audience_"))
                    for name in CommunicationActivity.AUDIENCE
                },
            }
            self.upsert(
                CommunicationActivity, {"project": self.project, "external_ref": row["ref"]}, values, m2m
            )

    def load_engagements(self):
        for row in read("engagements.yaml", self.dir):
            where = f"engagements.yaml row {row['row']}"
            values, m2m = self.record_values(row, where)
            values |= self.dated_values(row, where) | {
                "organisation": self.organisation(row["organisation"], where),
                "description": row.get("description") or "",
                "expectations_results": row.get("expectations_results") or "",
            }
            self.upsert(Engagement, {"project": self.project, "external_ref": self.ref(row)}, values, m2m)

    def load_agreements(self):
        for row in read("agreements.yaml", self.dir):
            where = f"agreements.yaml table {row['table']} row {row['row']}"
            values, m2m = self.record_values(row, where)
            expected = self.vague(row.get("expected_date"), where)
            signed = self.vague(row.get("signed_date"), where)
            self.check_signature_date(row, signed, where)
            countries = row.get("countries") or []
            values |= {
                "kind": row["kind"],
                "status": row["status"],
                "organisation": self.organisation(row.get("organisation"), where),
                "other_organisation": self.organisation(row.get("other_organisation"), where),
                "partner_organisation": self.organisation(row.get("partner_organisation"), where),
                "country": countries[0] if countries else "",
                "description": row.get("description") or "",
                "date_text": row.get("date_text") or "",
                "expected_start": expected.start if expected else None,
                "expected_end": expected.end if expected else None,
                "expected_precision": expected.precision if expected else "",
                "signed_start": signed.start if signed else None,
                "signed_end": signed.end if signed else None,
                "signed_precision": signed.precision if signed else "",
                "dates_location": row.get("dates_location") or "",
                "location": row.get("location") or "",
                "expectations_results": row.get("expectations_results") or "",
                "mission": self.mission(row.get("mission"), where),
            }
            self.upsert(Agreement, {"project": self.project, "external_ref": self.ref(row)}, values, m2m)

    @staticmethod
    def check_signature_date(row: dict, signed, where: str) -> None:
        """The transcribed signature date must be the one the date text states (agreements.signature)."""
        stated = (
            signature_date(row.get("date_text") or "") if row["status"] == Agreement.Status.SIGNED else None
        )
        if signed != stated:
            raise DemoDataError(
                f"{where}: signed_date {row.get('signed_date')!r} is not what '{row.get('date_text')}' "
                f"states ({stated.normalised() if stated else 'no signature date'})"
            )

    def load_events(self):
        for row in read("events.yaml", self.dir):
            where = f"events.yaml table {row.get('table')} row {row['row']}"
            values, m2m = self.record_values(row, where)
            organisations = row.get("organisations") or (
                [row["organisation"]] if row.get("organisation") else []
            )
            m2m["organisations"] = [self.organisation(name, where) for name in organisations]
            values |= self.dated_values(row, where) | {
                "category": row["category"],
                "report_type": row.get("report_type") or "",
                "description": row.get("description") or "",
                "expectations_results": row.get("expectations_results") or "",
                "mission": self.mission(row.get("mission"), where),
                **{
                    f"participants_{kind}": row.get(f"participants_{kind}")
                    for kind in ("smes", "clusters", "rtos", "policy", "total")
                },
            }
            ref = self.ref(row) if row.get("table") else f"PR-{row['category']}-{row['row']}"
            created_before = self.result.created.get(Event._meta.verbose_name_plural, 0)
            event = self.upsert(Event, {"project": self.project, "external_ref": ref}, values, m2m)
            just_created = self.result.created.get(Event._meta.verbose_name_plural, 0) > created_before
            wanted = set(row.get("countries") or [])
            have = set(event.target_countries.values_list("country", flat=True))
            if wanted != have:
                event.target_countries.exclude(country__in=wanted).delete()
                EventCountry.objects.bulk_create(EventCountry(event=event, country=c) for c in wanted - have)
                if not just_created:
                    self.result.count(Event, created=False, changed=True)

    def load_sector_involvements(self):
        for row in read("sector_involvements.yaml", self.dir):
            where = f"sector_involvements.yaml row {row['row']}"
            values, m2m = self.record_values(row, where)
            m2m["sectors"] = [self.sector(name, where) for name in row.get("sectors") or []]
            values |= self.dated_values(row, where) | {
                "organisation": self.organisation(row.get("organisation"), where),
                "description": row.get("description") or "",
                "expectations_results": row.get("expectations_results") or "",
            }
            self.upsert(
                SectorInvolvement, {"project": self.project, "external_ref": self.ref(row)}, values, m2m
            )

    # -- indicators and plan -----------------------------------------------------------------------
    def load_indicators(self):
        indicators = read("indicators.yaml", self.dir)
        rules = {spec["name"]: self.load_rule(spec) for spec in indicators.get("rules", [])}
        for set_position, data in enumerate(indicators["sets"], start=1):
            indicator_set = self.upsert(
                IndicatorSet,
                {"project": self.project, "code": data["code"]},
                {
                    "title": data["title"],
                    "source": data.get("source", ""),
                    "position": set_position,
                    "report_section": data.get("report_section", ""),
                },
            )
            for position, row in enumerate(data["indicators"], start=1):
                target = row.get("target")
                indicator = self.upsert(
                    Indicator,
                    {"indicator_set": indicator_set, "code": row["code"]},
                    {
                        "position": position,
                        "title": row["title"],
                        "description": row.get("description", ""),
                        "mode": row["mode"],
                        "counting_rule": rules[row["rule"]] if row.get("rule") else None,
                        "target": target,
                        "target_text": row.get("target_text") or ("" if target is None else str(target)),
                    },
                )
                if row.get("per_partner") is not None:
                    for partner in self.partners.values():
                        self.upsert(
                            IndicatorTarget,
                            {"indicator": indicator, "partner": partner, "subtype": ""},
                            {"value": row["per_partner"]},
                        )
                for part in row.get("subtypes", []):
                    self.upsert(
                        IndicatorTarget,
                        {"indicator": indicator, "partner": None, "subtype": part["subtype"]},
                        {"subtype_label": part["label"], "value": part["value"]},
                    )
                for value in row.get("reported", []):
                    self.upsert(
                        ReportedValue,
                        {"indicator": indicator, "period": self.periods[value["period"]]},
                        {"value": value.get("value"), "comment": value.get("comment") or ""},
                    )

    def load_rule(self, spec):
        values = rule_values(spec)
        # As saving stores them (the sub-types' names), so loading twice changes nothing.
        values["breakdown_labels"] = CountingRule(project=self.project, **values).subtype_names()
        return self.upsert(CountingRule, {"project": self.project, "name": spec["name"]}, values)

    def load_plan(self):
        for row in read("plan.yaml", self.dir):
            where = f"plan.yaml row {row['row']}"
            self.upsert(
                PlanItem,
                {"project": self.project, "position": row["row"]},
                {
                    "month": row["month"],
                    "activity": row.get("activity") or "",
                    "status": row.get("status") or "",
                    "mission": self.mission(row.get("mission"), where),
                },
            )
