"""The lecture build tool: renders the scenes listed in ``lecture.toml`` and packages them."""
