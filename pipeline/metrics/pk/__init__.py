"""Pk as an evaluate module; the computation is pipeline.metrics.core.segmentation."""
