"""Making the videos: one build session rendering the stale scenes, here or on a cluster."""
