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

test: bootstrap
	@$(BIN)/python -m pytest -q -n auto

lint: bootstrap
	@$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: bootstrap
	@$(BIN)/python benchmarks/mathviz_bench.py
