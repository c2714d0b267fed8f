"""GLEU (Napoles et al.) as an evaluate module; the computation is pipeline.metrics.core.gleu."""
