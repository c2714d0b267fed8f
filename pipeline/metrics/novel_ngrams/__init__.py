"""Novel n-gram ratio as an evaluate module; the computation is pipeline.metrics.core.lexical."""
