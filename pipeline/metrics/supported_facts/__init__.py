"""Supported-facts rate as an evaluate module; see pipeline.metrics.core.faithfulness."""
