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
    """The CLI, tests and benchmarks never reach for the hub unless asked (``MTBRIEF_ONLINE=1``, or the
    user's own ``HF_HUB_OFFLINE=0``): a model named by hub id then fails at once, not after 20-45 s of retries."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
