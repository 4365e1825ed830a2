"""Pure extraction: text in, `nlp.models.Extraction` out. No database here."""
