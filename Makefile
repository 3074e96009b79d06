# The two commands a newcomer needs: `make run` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Two pytest workers (pytest-xdist): the suite takes about half the time on two cores. PYTEST_ARGS= runs serially.
PYTEST_ARGS ?= -n 2

.PHONY: run test lint demo bench bench-load migrate clean serve messages screenshots

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

# Catalogues (README "Languages"): after marking new strings, `make messages` adds them to locale/*/django.po
# and compiles the .mo files (committed, so `make run` needs no gettext). Needs gettext (apt-get install gettext).
# tests/i18n/test_catalogues.py runs makemessages with the same options.
MESSAGE_LANGUAGES := de it pl fr es
messages: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) --add-location=file --no-obsolete --no-wrap \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=docs --ignore='staticfiles*' --ignore=build --ignore=var
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var

# The README's screenshots (docs/screenshots/), from a fresh demo in a temporary database: docs/screenshots.py.
screenshots: $(VENV)/.installed
	$(BIN)/python docs/screenshots.py

migrate: $(VENV)/.installed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "  Serving http://$(HOST):$(PORT)/  -  log in at http://$(HOST):$(PORT)/accounts/login/"
	@echo "  Demo users: coordinator, taskleader, viewer, amz, mech, bic, pol, mav (admin: superuser for /admin/)"
	@echo "  Password for every demo user: $${DEMO_PASSWORD:-elca-demo-2026}"
	@echo "  Two-step login (coordinator, taskleader, admin): a code from an authenticator app with the demo key"
	@echo "  MVWGGYJNMRSW23ZNOR3W6LLTORSXAIJB, or without a phone: DEBUG=1 $(BIN)/python manage.py demo_otp coordinator"
	@echo "  (MFA_REQUIRED=0 make run switches the second step off)"
	@echo ""
	@# The background worker for report exports and confirmed imports (django-tasks-db's db_worker, through run_worker, which waits
	@# and goes on when the database is locked instead of exiting) runs beside the web server and stops with it;
	@# it looks for new exports every 0.2 s (its default, 1 s, added up to a second to every download).
	@# Reminders and notifications (README "Notifications and reminders"): send_reminders every 5 minutes, as cron would;
	@# with DEBUG the e-mails are printed on this console.
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py run_worker --no-reload --interval 0.2 & worker=$$!; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py send_reminders --every 300 & reminders=$$!; \
	trap 'kill $$worker $$reminders 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	@if [ ! -x /usr/bin/chromium ]; then echo "NOTE: /usr/bin/chromium is missing: the browser tests will be SKIPPED (apt-get install -y chromium, as .ci/run does)."; fi
	@if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then echo "NOTE: libharfbuzz-subset0 is missing: PDFs embed whole fonts (bigger files); apt-get install -y libharfbuzz-subset0, as .ci/run does."; fi
	@if [ ! -x /usr/bin/pdftotext ]; then echo "NOTE: /usr/bin/pdftotext is missing: the PDF text checks will be SKIPPED (apt-get install -y poppler-utils, as .ci/run does)."; fi
	@if ! command -v msgfmt >/dev/null; then echo "NOTE: gettext is missing: the checks that the language catalogues are current and complete will be SKIPPED (apt-get install -y gettext, as .ci/run does)."; fi
	@if ! command -v soffice >/dev/null; then echo "NOTE: soffice is missing: the check that every XLSX and DOCX export opens in LibreOffice will be SKIPPED (apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui, as .ci/run does)."; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r . -x ./.venv,./tests,./bench,./static -ll
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Production serving (README "Deployment"): needs SECRET_KEY, ALLOWED_HOSTS and usually DATABASE_URL.
serve: $(VENV)/.installed
	DEBUG=0 $(BIN)/python manage.py check --deploy --fail-level WARNING
	DEBUG=0 $(BIN)/python manage.py collectstatic --no-input -v0
	DEBUG=0 $(BIN)/python manage.py migrate --no-input
	DEBUG=0 $(BIN)/gunicorn elca.wsgi:application --bind $${BIND:-127.0.0.1:8000} --workers $${WORKERS:-3} --access-logfile - --forwarded-allow-ips=$${FORWARDED_ALLOW_IPS:-127.0.0.1}

bench: $(VENV)/.installed
	@set -e; for script in bench/bench_*.py; do \
		[ -e "$$script" ] || { echo "No benchmark scripts in bench/ yet."; break; }; \
		echo "== $$script"; $(BIN)/python $$script; done

# R20 (RELIABILITY.md): 50 users for 2 minutes against gunicorn + PostgreSQL (LOAD_DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/elca_bench); minutes long, so not part of `make bench`.
bench-load: $(VENV)/.installed
	$(BIN)/python bench/load_r20.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var/db.sqlite3* .pytest_cache
