"""SARI as an evaluate module; the script is sari.py, the computation pipeline.metrics.core.sari."""
