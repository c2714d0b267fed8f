"""Boundary F1 with a tolerance as an evaluate module; see pipeline.metrics.core.segmentation."""
