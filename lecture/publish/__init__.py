"""Making what people watch: the lecture, social cuts, slide exports and the deck."""
