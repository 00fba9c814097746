# The two commands a newcomer needs (see README):
#   make run    start the dashboard on the embedded seed data
#   make test   run the whole test suite
# Both first create ./.venv from requirements.txt when it is missing or requirements.txt changed
# (never installing into the system Python).  Everything delegates to scripts/dev.sh, which also
# works without make:
#   bash scripts/dev.sh run | test | bench | shots | deps
.PHONY: run test deps bench shots build

run:
	@bash scripts/dev.sh run

test:
	@bash scripts/dev.sh test $(PYTEST_ARGS)

deps:
	@bash scripts/dev.sh deps --system

bench:
	@bash scripts/dev.sh bench

shots:
	@bash scripts/dev.sh shots

# CSV + Parquet tables from the seed articles into out/
build:
	@PY="$$(bash scripts/dev.sh python)" && "$$PY" -m parsers build seeds --out out/
