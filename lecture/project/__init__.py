"""What to build: the manifest checked, its scenes' code found, where outputs go."""
