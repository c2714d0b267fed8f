"""Section kind and heading-title agreement as an evaluate module; see pipeline.metrics.core.segmentation."""
