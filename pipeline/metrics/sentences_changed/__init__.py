"""Sentences-changed rate as an evaluate module; the computation is pipeline.metrics.core.changes."""
