"""Compression and summary length as an evaluate module; see pipeline.metrics.core.lexical."""
