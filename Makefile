# The two commands of the README: `make video` and `make test`. Both bootstrap first.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: bootstrap video test lint bench

bootstrap:
	@bash tools/bootstrap.sh

# Preview quality: renders the stale scenes, narrated by the offline piper voice, then
# the whole lecture with chapters and sound.
video: bootstrap
	@$(BIN)/lecture build --quality low --format landscape --voice piper

# Lint, format and types (mypy reads [tool.mypy] in pyproject.toml) first, then the tests.
test: lint
	@$(BIN)/python -m pytest -q -n auto

lint: bootstrap
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy

bench: bootstrap
	@$(BIN)/python benchmarks/mathviz_bench.py
