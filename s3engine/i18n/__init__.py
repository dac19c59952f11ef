"""s3engine's own texts in the languages it speaks, and texts given in several languages."""
