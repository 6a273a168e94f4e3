"""Files: atomic writes, model files and their document, and exports."""
