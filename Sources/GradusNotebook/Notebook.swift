// The notebook layer: cells, lessons, transcripts, export.
