"""Making the videos speak: voices, recordings, levelled tracks and captions."""
