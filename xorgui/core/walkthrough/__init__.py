"""One update taken apart phase by phase, written out as a tutorial would, and exercises graded against it."""
