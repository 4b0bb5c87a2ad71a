"""The I/O kit every stage uses: atomic files and stamps, ffmpeg and ffprobe, recipe versions."""
