"""The Hugging Face switches that keep a process off the network. Set them before any Hugging
Face import: without them a hub name costs 20-45 s of retries and every local dataset load
sends a telemetry request."""

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_EVALUATE_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def go_offline() -> None:
    """For tests and benchmarks, which must never reach for the hub (a user's own setting wins)."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
