"""The demo's report texts (demo/elca/narrative.yaml): ELCA's period-1 narrative, as accepted texts."""

from consortium.models import Task, WorkPackage
from demo.rows import DemoDataError, Rows, read
from narrative.markup import number_codes
from narrative.models import Status, Text
from narrative.structure import for_project

FILE = "narrative.yaml"


class NarrativeRows(Rows):
    def load_narrative(self):
        path = self.dir / FILE
        if not path.exists():
            return
        data = read(FILE, self.dir)
        period = self.named(
            {p.number: p for p in self.project.periods.all()},
            data["period"],
            f"{FILE}: period {data['period']} is not a reporting period of {self.project}",
        )
        keys = set(for_project(self.project).text_keys())
        packages = {wp.number: wp for wp in WorkPackage.objects.filter(project=self.project)}
        tasks = {t.code: t for t in Task.objects.filter(work_package__project=self.project)}
        for row in data["texts"]:
            where = f"{FILE} {row['key']} {row.get('task') or row.get('work_package') or ''}".strip()
            if row["key"] not in keys:
                raise DemoDataError(f"{where}: '{row['key']}' is not a section of the report's structure")
            about = {"work_package": None, "task": None, "indicator": None}
            if row.get("task"):
                about["task"] = self.named(tasks, str(row["task"]), f"{where}: no such task")
            elif row.get("work_package"):
                about["work_package"] = self.named(packages, row["work_package"], f"{where}: no such WP")
            body = (row.get("body") or "").strip()
            if number_codes(body):
                raise DemoDataError(f"{where}: the demo's texts cite no numbers")
            self.upsert(
                Text,
                {"project": self.project, "period": period, "key": row["key"], **about},
                {
                    "body": body,
                    "status": Status.ACCEPTED,
                    "choice": row.get("choice") or "",
                    "fields": row.get("fields") or {},
                },
            )
