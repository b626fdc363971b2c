"""Stage 6, write: the document tree → files (.docx, .html, .md)."""
