"""Edit precision/recall/F-beta as an evaluate module; the computation is pipeline.metrics.core.edits."""
